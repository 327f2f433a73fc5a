/**
 * Image files decoded in the page (createImageBitmap and a canvas) into a data set: one row per
 * image, grey values in [0, 1] (0.299 R + 0.587 G + 0.114 B), every image the size of the first
 * (an image of another size is an error naming it). Large images are scaled down so that the
 * longer side is at most MAX_SIDE pixels.
 */
import type { Dataset } from '../../src/browser';

export const MAX_SIDE = 64;

/** Grey pixels of `bitmap` drawn at `width × height`, row-major. */
function greyPixels(bitmap: ImageBitmap, width: number, height: number): Float32Array {
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d')!;
  ctx.drawImage(bitmap, 0, 0, width, height);
  const rgba = ctx.getImageData(0, 0, width, height).data;
  const grey = new Float32Array(width * height);
  for (let i = 0; i < grey.length; i++) {
    grey[i] = (0.299 * rgba[4 * i] + 0.587 * rgba[4 * i + 1] + 0.114 * rgba[4 * i + 2]) / 255;
  }
  return grey;
}

/** The images `files` (sorted by name) as an image data set. */
export async function loadImages(files: File[]): Promise<Dataset> {
  const sorted = [...files].sort((a, b) => fileName(a).localeCompare(fileName(b)));
  let size: [number, number] | undefined;
  let shape: [number, number] = [0, 0];
  const rows: Float32Array[] = [];
  for (const file of sorted) {
    const bitmap = await createImageBitmap(file).catch(() => {
      throw new Error(`${fileName(file)}: not an image the browser can decode`);
    });
    const [w, h] = [bitmap.width, bitmap.height];
    if (!size) {
      size = [w, h];
      const scale = Math.min(1, MAX_SIDE / Math.max(w, h));
      shape = [Math.max(1, Math.round(h * scale)), Math.max(1, Math.round(w * scale))];
    } else if (w !== size[0] || h !== size[1]) {
      throw new Error(
        `${fileName(file)}: ${w} × ${h} pixels, but ${fileName(sorted[0])} is ${size[0]} × ${size[1]} (all images must have the same size)`,
      );
    }
    rows.push(greyPixels(bitmap, shape[1], shape[0]));
    bitmap.close();
  }
  const features = shape[0] * shape[1];
  const data = new Float32Array(rows.length * features);
  rows.forEach((r, i) => data.set(r, i * features));
  return {
    name: `${rows.length} images`,
    kind: 'image',
    X: { data, shape: [rows.length, features] },
    shape: [rows.length, features],
    imageShape: shape,
    rowNames: sorted.map(fileName),
    provenance: `your images, grey, ${shape[0]} × ${shape[1]} pixels`,
  };
}

/** The file's path within a dropped or chosen folder, else its name. */
export function fileName(file: File): string {
  return file.webkitRelativePath || file.name;
}
