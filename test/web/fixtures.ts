/**
 * Inputs for the playground tests: a planted rank-3 non-negative matrix as CSV text (with a
 * header line) and a folder of bar images (PNG, 8 × 8, each the sum of two of 4 bars).
 */
import * as fs from 'fs';
import * as path from 'path';
import { PNG } from 'pngjs';

/** A 30 × 20 matrix W·H with W, H ≥ 0 of rank 3 (4 decimals), as CSV and as numbers. */
export function plantedCsv(): { text: string; data: Float32Array; shape: [number, number] } {
  const [rows, cols, rank] = [30, 20, 3];
  const data = new Float32Array(rows * cols);
  const lines = [Array.from({ length: cols }, (_, j) => `f${j}`).join(',')];
  for (let i = 0; i < rows; i++) {
    const fields: string[] = [];
    for (let j = 0; j < cols; j++) {
      let v = 0;
      for (let k = 0; k < rank; k++) v += ((i + 2 * k) % 5) * ((j * (k + 1)) % 7) * 0.1;
      fields.push(v.toFixed(4));
      data[i * cols + j] = Number(v.toFixed(4));
    }
    lines.push(fields.join(','));
  }
  return { text: lines.join('\n') + '\n', data, shape: [rows, cols] };
}

/** Bar k of an 8 × 8 image: rows 2k, 2k+1 for k < 2, columns 2(k−2), 2(k−2)+1 for k ≥ 2. */
function onBar(k: number, r: number, c: number): boolean {
  return k < 2 ? Math.floor(r / 2) === k : Math.floor(c / 2) === k - 2;
}

/** Writes 12 PNG images (8 × 8, white bars on black) and a stray notes.txt into `dir`. */
export function writeBarImages(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  const pairs = [0, 1, 2, 3].flatMap((a) => [0, 1, 2, 3].filter((b) => b > a).map((b) => [a, b]));
  for (let n = 0; n < 12; n++) {
    const [a, b] = pairs[n % pairs.length];
    const png = new PNG({ width: 8, height: 8 });
    for (let r = 0; r < 8; r++)
      for (let c = 0; c < 8; c++) {
        const v = (onBar(a, r, c) ? 120 : 0) + (onBar(b, r, c) ? 120 : 0) * (n < 6 ? 1 : 0.5);
        png.data.set([v, v, v, 255], 4 * (r * 8 + c));
      }
    fs.writeFileSync(path.join(dir, `bars-${String(n).padStart(2, '0')}.png`), PNG.sync.write(png));
  }
  fs.writeFileSync(path.join(dir, 'notes.txt'), 'not an image\n');
}
