/**
 * Grey-scale images: PNG (pngjs) and JPEG (jpeg-js; colour is converted to luma
 * 0.299 R + 0.587 G + 0.114 B, alpha ignored) and PGM (Netpbm P2 ASCII and P5 binary, 8- or 16-bit), scaled to [0, 1];
 * folders of them as an image Dataset whose rows are the images in file-name order.
 */
import { readdir, readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import * as jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import type { Dataset } from '../datasets/types';
import { NmflowError, inputError, usageError } from '../errors';
import { checkKnownKeys, checkNumber } from '../options';
import { checkAllocation, lineError, resolveMaxBytes } from './common';

/** One grey-scale image, values in [0, 1], row-major `height × width`. */
export interface GreyImage {
  data: Float32Array;
  width: number;
  height: number;
}

export const IMAGE_EXTENSIONS = ['.png', '.pgm', '.jpg', '.jpeg'];

async function readBytes(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (err) {
    throw new NmflowError('io', `cannot read ${path}: ${(err as Error).message}`, { cause: err });
  }
}

/** Reads a PNG, JPEG or PGM file (told apart by content: the signatures or "P2"/"P5"). */
export async function readImage(
  path: string,
  maxBytes = resolveMaxBytes(undefined),
): Promise<GreyImage> {
  const bytes = await readBytes(path);
  if (bytes.length >= 8 && bytes.readUInt32BE(0) === 0x89504e47)
    return decodePng(path, bytes, maxBytes);
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff)
    return decodeJpeg(path, bytes, maxBytes);
  if (bytes.length >= 2 && bytes[0] === 0x50 && (bytes[1] === 0x32 || bytes[1] === 0x35)) {
    return decodePgm(path, bytes, maxBytes);
  }
  throw inputError(`${path}: not a PNG, JPEG or PGM (P2/P5) image`);
}

function decodeJpeg(path: string, bytes: Buffer, maxBytes: number): GreyImage {
  let img: { width: number; height: number; data: Uint8Array };
  try {
    img = jpeg.decode(bytes, {
      useTArray: true,
      formatAsRGBA: true,
      maxMemoryUsageInMB: Math.max(1, Math.floor(maxBytes / 2 ** 20)),
    });
  } catch (err) {
    throw inputError(`${path}: invalid JPEG: ${(err as Error).message}`, err);
  }
  return luma(img.data, img.width, img.height);
}

/** Grey values in [0, 1] of RGBA bytes. */
function luma(data: Uint8Array, width: number, height: number): GreyImage {
  const out = new Float32Array(width * height);
  for (let p = 0; p < out.length; p++) {
    out[p] = (0.299 * data[4 * p] + 0.587 * data[4 * p + 1] + 0.114 * data[4 * p + 2]) / 255;
  }
  return { data: out, width, height };
}

function decodePng(path: string, bytes: Buffer, maxBytes: number): GreyImage {
  let png: PNG;
  try {
    // Check the declared size (IHDR: width, height at bytes 16–23) before decoding.
    checkAllocation(
      path,
      'the decoded image',
      bytes.readUInt32BE(16) * bytes.readUInt32BE(20) * 8,
      maxBytes,
    );
    png = PNG.sync.read(bytes);
  } catch (err) {
    if (err instanceof NmflowError) throw err;
    throw inputError(`${path}: invalid PNG: ${(err as Error).message}`, err);
  }
  return luma(png.data, png.width, png.height);
}

/** Netpbm PGM: "P2"/"P5", width, height, maxval (1–65535), '#' comments in the header. */
function decodePgm(path: string, bytes: Buffer, maxBytes: number): GreyImage {
  let pos = 2;
  let line = 1;
  const skipSpace = () => {
    while (pos < bytes.length) {
      const c = bytes[pos];
      if (c === 0x23) {
        while (pos < bytes.length && bytes[pos] !== 0x0a) pos++;
      } else if (c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a) {
        if (c === 0x0a) line++;
        pos++;
      } else break;
    }
  };
  const token = (what: string): { text: string; line: number } => {
    skipSpace();
    const start = pos;
    while (pos < bytes.length && ![0x20, 0x09, 0x0d, 0x0a, 0x23].includes(bytes[pos])) pos++;
    if (start === pos) throw lineError(path, line, `truncated: missing ${what}`);
    return { text: bytes.toString('latin1', start, pos), line };
  };
  const headerInt = (what: string, max: number): number => {
    const t = token(what);
    const v = Number(t.text);
    if (!/^\d+$/.test(t.text) || v < 1 || v > max)
      throw lineError(
        path,
        t.line,
        `${what} must be an integer in 1..${max}, got ${JSON.stringify(t.text)}`,
      );
    return v;
  };
  const binary = bytes[1] === 0x35;
  const width = headerInt('width', 2 ** 24);
  const height = headerInt('height', 2 ** 24);
  const maxval = headerInt('maxval', 65535);
  checkAllocation(path, `a ${height} × ${width} image`, width * height * 4, maxBytes);
  const n = width * height;
  const out = new Float32Array(n);
  if (binary) {
    pos++; // exactly one whitespace character after maxval
    const size = maxval > 255 ? 2 : 1;
    if (bytes.length - pos < n * size) {
      throw inputError(
        `${path}: truncated: ${n} pixels need ${n * size} bytes, found ${bytes.length - pos} (pixel ${Math.floor((bytes.length - pos) / size)} is the first missing)`,
      );
    }
    for (let k = 0; k < n; k++) {
      const v = size === 2 ? bytes.readUInt16BE(pos + 2 * k) : bytes[pos + k];
      if (v > maxval)
        throw inputError(
          `${path}: pixel ${k} (row ${Math.floor(k / width)}, column ${k % width}) is ${v} > maxval ${maxval}`,
        );
      out[k] = v / maxval;
    }
  } else {
    for (let k = 0; k < n; k++) {
      const t = token(`pixel ${k} of ${n}`);
      const v = Number(t.text);
      if (!/^\d+$/.test(t.text) || v > maxval) {
        throw lineError(
          path,
          t.line,
          `pixel ${k} must be an integer in 0..${maxval}, got ${JSON.stringify(t.text.slice(0, 20))}`,
        );
      }
      out[k] = v / maxval;
    }
  }
  return { data: out, width, height };
}

/** Bilinear resampling (half-pixel centres, edges clamped) to `height × width`. */
export function resizeImage(img: GreyImage, height: number, width: number): GreyImage {
  if (img.height === height && img.width === width) return img;
  const out = new Float32Array(height * width);
  const sy = img.height / height;
  const sx = img.width / width;
  for (let r = 0; r < height; r++) {
    const y = Math.min(Math.max((r + 0.5) * sy - 0.5, 0), img.height - 1);
    const y0 = Math.floor(y);
    const y1 = Math.min(y0 + 1, img.height - 1);
    const fy = y - y0;
    for (let c = 0; c < width; c++) {
      const x = Math.min(Math.max((c + 0.5) * sx - 0.5, 0), img.width - 1);
      const x0 = Math.floor(x);
      const x1 = Math.min(x0 + 1, img.width - 1);
      const fx = x - x0;
      const at = (yy: number, xx: number) => img.data[yy * img.width + xx];
      out[r * width + c] =
        (1 - fy) * ((1 - fx) * at(y0, x0) + fx * at(y0, x1)) +
        fy * ((1 - fx) * at(y1, x0) + fx * at(y1, x1));
    }
  }
  return { data: out, width, height };
}

export interface ImageFolderOptions {
  /** `[height, width]` every image must have (or is resized to, with `resize`). */
  shape?: [number, number];
  /** Resize images to `shape` (default: the first image's shape) instead of rejecting them. */
  resize?: boolean;
  /** Read at most this many images (the first in file-name order). */
  limit?: number;
  maxBytes?: number;
}

/**
 * Reads the `.png` / `.jpg` / `.jpeg` / `.pgm` files of a folder (file-name order) into an image Dataset: X is
 * images × (height·width), grey values in [0, 1]. Images of another shape are rejected,
 * naming the file, unless `resize` is set.
 */
export async function readImageFolder(
  dir: string,
  options: ImageFolderOptions = {},
): Promise<Dataset> {
  checkKnownKeys('image folder', options, ['shape', 'resize', 'limit', 'maxBytes']);
  const maxBytes = resolveMaxBytes(options.maxBytes);
  if (options.shape !== undefined) {
    const s = options.shape;
    if (!Array.isArray(s) || s.length !== 2)
      throw usageError('option shape must be [height, width]');
    s.forEach((v, k) => checkNumber(`shape[${k}]`, v, { min: 1, integer: true }));
  }
  let files: string[];
  try {
    files = (await readdir(dir))
      .filter((f) => IMAGE_EXTENSIONS.includes(extname(f).toLowerCase()))
      .sort();
  } catch (err) {
    throw new NmflowError('io', `cannot read the folder ${dir}: ${(err as Error).message}`, {
      cause: err,
    });
  }
  if (options.limit !== undefined)
    files = files.slice(0, checkNumber('limit', options.limit, { min: 1, integer: true }));
  if (files.length === 0)
    throw inputError(`the folder ${dir} has no image files (${IMAGE_EXTENSIONS.join(', ')})`);
  let shape = options.shape;
  let X: Float32Array | undefined;
  for (const [k, f] of files.entries()) {
    let img = await readImage(join(dir, f), maxBytes);
    if (!shape) shape = [img.height, img.width];
    if (img.height !== shape[0] || img.width !== shape[1]) {
      if (!options.resize) {
        throw inputError(
          `${join(dir, f)}: image is ${img.height} × ${img.width}, expected ${shape[0]} × ${shape[1]} (${options.shape ? 'option shape' : `as ${files[0]}`}); pass resize: true to resample`,
        );
      }
      img = resizeImage(img, shape[0], shape[1]);
    }
    if (!X) {
      checkAllocation(
        dir,
        `${files.length} images of ${shape[0]} × ${shape[1]}`,
        files.length * shape[0] * shape[1] * 4,
        maxBytes,
      );
      X = new Float32Array(files.length * shape[0] * shape[1]);
    }
    X.set(img.data, k * img.data.length);
  }
  const [h, w] = shape!;
  return {
    name: dir,
    kind: 'image',
    X: { data: X!, shape: [files.length, h * w] },
    shape: [files.length, h * w],
    imageShape: [h, w],
    rowNames: files,
    provenance: `${files.length} grey-scale images (PNG/JPEG/PGM, values scaled to [0, 1]) from ${dir}, ${h} × ${w}${options.resize ? ', resized bilinearly where needed' : ''}.`,
  };
}
