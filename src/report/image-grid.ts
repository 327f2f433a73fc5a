/**
 * Basis-image grids as PNG: each component (a row of H, `h·w` pixels in row-major order) is
 * drawn as an `h × w` tile, normalized to its own maximum (0 → white, max → black; negative or
 * non-finite values are drawn white), with its index written above it in a small built-in
 * bitmap font.
 */
import { PNG } from 'pngjs';
import { usageError } from '../errors';

/** Layout of `imageGrid`'s PNG: tiles per row, pixel magnification, index labels. */
export interface ImageGridOptions {
  /** Tiles per row (default ⌈√k⌉). */
  columns?: number;
  /** Integer pixel magnification of each tile (default 2). */
  scale?: number;
  /** Write each component's index above its tile (default true). */
  labels?: boolean;
}

/** 3 × 5 glyphs for 0–9, one string of 15 bits per digit (row-major, 1 = ink). */
const DIGITS = [
  '111101101101111',
  '010110010010111',
  '111001111100111',
  '111001111001111',
  '101101111001001',
  '111100111001111',
  '111100111101111',
  '111001010010010',
  '111101111101111',
  '111101111001111',
];
const FONT_PX = 2; // each font bit becomes a 2 × 2 block
const GAP = 4; // pixels between tiles and around the grid
const BACKGROUND = 224; // light grey between tiles, so that white tiles keep their outline

/**
 * Draws `components` (`k × (h·w)`, row-major) as a grid of `h × w` images.
 * Returns the encoded PNG (8-bit RGBA).
 */
export function imageGrid(
  components: { data: Float32Array | Float64Array; shape: [number, number] },
  imageShape: [number, number],
  opts: ImageGridOptions = {},
): Buffer {
  const [k, size] = components.shape;
  const [h, w] = imageShape;
  if (!(Number.isInteger(h) && Number.isInteger(w) && h > 0 && w > 0) || h * w !== size) {
    throw usageError(
      `image shape [${h}, ${w}] does not match components of ${size} pixels (need h·w = ${size})`,
    );
  }
  if (!(Number.isInteger(k) && k > 0) || components.data.length !== k * size) {
    throw usageError(
      `components.data has ${components.data.length} entries but shape [${k}, ${size}] needs ${k * size}`,
    );
  }
  const scale = opts.scale ?? 2;
  const columns = Math.min(k, opts.columns ?? Math.ceil(Math.sqrt(k)));
  if (!Number.isInteger(scale) || scale < 1) {
    throw usageError(`option scale must be an integer ≥ 1, got ${scale}`);
  }
  if (!Number.isInteger(columns) || columns < 1) {
    throw usageError(`option columns must be an integer ≥ 1, got ${opts.columns}`);
  }
  const labelH = opts.labels === false ? 0 : 5 * FONT_PX + 3;
  const tileW = w * scale;
  const tileH = h * scale + labelH;
  const rows = Math.ceil(k / columns);
  const png = new PNG({ width: GAP + columns * (tileW + GAP), height: GAP + rows * (tileH + GAP) });
  fillRect(png, 0, 0, png.width, png.height, BACKGROUND);

  for (let c = 0; c < k; c++) {
    const x0 = GAP + (c % columns) * (tileW + GAP);
    const y0 = GAP + Math.floor(c / columns) * (tileH + GAP);
    if (labelH) {
      fillRect(png, x0, y0, tileW, labelH, 255);
      drawNumber(png, c, x0 + 1, y0 + 1, tileW - 2);
    }
    drawTile(png, components.data, c * size, [h, w], scale, x0, y0 + labelH);
  }
  return PNG.sync.write(png);
}

function drawTile(
  png: PNG,
  data: ArrayLike<number>,
  offset: number,
  [h, w]: [number, number],
  scale: number,
  x0: number,
  y0: number,
): void {
  let max = 0;
  for (let i = 0; i < h * w; i++) {
    const v = data[offset + i];
    if (v > max && Number.isFinite(v)) max = v;
  }
  for (let i = 0; i < h; i++) {
    for (let j = 0; j < w; j++) {
      const v = data[offset + i * w + j];
      const t = max > 0 && v > 0 && Number.isFinite(v) ? v / max : 0;
      fillRect(png, x0 + j * scale, y0 + i * scale, scale, scale, Math.round(255 * (1 - t)));
    }
  }
}

/** Writes the decimal digits of `n` at (x, y), clipped to `maxWidth` pixels. */
function drawNumber(png: PNG, n: number, x: number, y: number, maxWidth: number): void {
  const advance = 4 * FONT_PX;
  [...String(n)].forEach((ch, d) => {
    const gx = x + d * advance;
    if (gx + 3 * FONT_PX > x + maxWidth) return;
    const bits = DIGITS[Number(ch)];
    for (let b = 0; b < 15; b++) {
      if (bits[b] === '1') {
        fillRect(png, gx + (b % 3) * FONT_PX, y + Math.floor(b / 3) * FONT_PX, FONT_PX, FONT_PX, 0);
      }
    }
  });
}

function fillRect(png: PNG, x: number, y: number, w: number, h: number, grey: number): void {
  for (let i = y; i < Math.min(y + h, png.height); i++) {
    for (let j = x; j < Math.min(x + w, png.width); j++) {
      const p = (i * png.width + j) * 4;
      png.data[p] = png.data[p + 1] = png.data[p + 2] = grey;
      png.data[p + 3] = 255;
    }
  }
}
