/**
 * Measures load time and memory of the mnist and sotu data sets (and optionally others),
 * each in a fresh Node process so the numbers do not mix:
 *   npm run build && node dist/scripts/measure-datasets.js [names...]
 * Prints, per data set: wall time of loadDataset, resident memory before and after, the
 * peak resident set (maxRSS) of the process, and the bytes of the matrix itself.
 */
import { execFileSync } from 'node:child_process';
import '../src/kernels/node-threads';
import { isCsr } from '../src/linalg/csr';
import { loadDataset } from '../src/datasets';

const MiB = 2 ** 20;

async function child(name: string): Promise<void> {
  const rss0 = process.memoryUsage().rss;
  const t0 = process.hrtime.bigint();
  const d = await loadDataset(name);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const X = d.X;
  const matrixBytes = isCsr(X)
    ? (X.values as Float32Array).byteLength +
      (X.indices as Int32Array).byteLength +
      (X.indptr as Int32Array).byteLength
    : X.data.byteLength;
  const out = {
    name,
    shape: d.shape,
    loadMs: Math.round(ms),
    rssBeforeMiB: +(rss0 / MiB).toFixed(1),
    rssAfterMiB: +(process.memoryUsage().rss / MiB).toFixed(1),
    peakRssMiB: +(process.resourceUsage().maxRSS / 1024).toFixed(1),
    matrixMiB: +(matrixBytes / MiB).toFixed(1),
  };
  process.stdout.write(JSON.stringify(out) + '\n');
}

function main(): void {
  const names = process.argv.slice(2).filter((a) => a !== '--child');
  if (process.argv.includes('--child')) {
    child(names[0]).catch((err) => {
      console.error(err);
      process.exit(1);
    });
    return;
  }
  const list = names.length > 0 ? names : ['mnist', 'sotu'];
  console.log(`node ${process.version}, ${new Date().toISOString()}`);
  for (const name of list) {
    const line = execFileSync(process.execPath, [__filename, '--child', name], {
      encoding: 'utf8',
    });
    const r = JSON.parse(line) as Record<string, unknown>;
    console.log(
      `${name.padEnd(14)} shape ${(r.shape as number[]).join(' × ').padEnd(14)} load ${String(r.loadMs).padStart(5)} ms  ` +
        `RSS ${r.rssBeforeMiB} → ${r.rssAfterMiB} MiB, peak ${r.peakRssMiB} MiB, matrix ${r.matrixMiB} MiB`,
    );
  }
}

main();
