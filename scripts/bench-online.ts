/**
 * Online NMF on a planted-topics Matrix Market file (scripts/online-data.ts, generated under
 * /tmp when missing): `nmflow factorize --online` against batch `anls` and scikit-learn's
 * MiniBatchNMF on the same file in the same run (time, relative error, peak RSS), and the peak
 * RSS of `--online` (one pass) as the number of rows doubles.
 *
 *   node dist/scripts/bench-online.js [--rows 100000] [--memory-rows 200000,400000]
 *     [--rank 20] [--batch-size 2000] [--passes 3] [--dir /tmp/nmflow-online] [--no-anls]
 *     [--no-sklearn]
 *
 * Peak RSS comes from /usr/bin/time -v where it exists, else from the CLI's own report
 * (process.resourceUsage().maxRSS). scikit-learn runs through /usr/bin/python3 and is skipped,
 * with a note, when it is missing.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { writePlantedMtx } from './online-data';

const BIN = path.resolve(__dirname, '../../bin/nmflow.js');
const SKLEARN = path.resolve(__dirname, '../../scripts/bench-online-sklearn.py');

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}
const has = (name: string) => process.argv.includes(`--${name}`);

const rank = Number(flag('rank', '20'));
const batchSize = Number(flag('batch-size', '2000'));
const passes = Number(flag('passes', '3'));
const dir = flag('dir', '/tmp/nmflow-online');
const rows = Number(flag('rows', '100000'));
const memoryRows = flag('memory-rows', '')
  .split(',')
  .filter((s) => s !== '')
  .map(Number);

interface Row {
  method: string;
  rows: number;
  seconds: number;
  relativeError: number;
  peakRssMb: number;
  /** User + system CPU seconds of the whole process (NaN without /usr/bin/time). */
  cpuSeconds: number;
}

function corpus(n: number): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `planted-${n}.mtx`);
  if (!fs.existsSync(file)) {
    const t0 = performance.now();
    const nnz = writePlantedMtx(file, { rows: n, cols: 20000, perRow: 50, topics: 20, seed: 0 });
    const s = ((performance.now() - t0) / 1000).toFixed(1);
    console.error(`generated ${file}: ${n} × 20000, ${nnz} entries, ${s} s`);
  }
  return file;
}

const timeV = fs.existsSync('/usr/bin/time');

/** Runs a command; its JSON stdout and its peak RSS in MB. */
function measured(cmd: string[]): {
  json: Record<string, number>;
  rssMb: number;
  cpuSeconds: number;
} {
  const argv = timeV ? ['/usr/bin/time', '-v', ...cmd] : cmd;
  const r = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${cmd.join(' ')} failed (${r.status}): ${r.stderr}`);
  const json = JSON.parse(r.stdout);
  const kb = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1];
  const rssMb = kb ? Number(kb) / 1024 : (json.maxRssBytes ?? NaN) / 2 ** 20;
  const cpu = (what: string) =>
    Number(new RegExp(`${what} time \\(seconds\\): ([\\d.]+)`).exec(r.stderr)?.[1]);
  return { json, rssMb, cpuSeconds: cpu('User') + cpu('System') };
}

function nmflow(file: string, online: boolean, p = passes): Row {
  const args = ['factorize', '--input', file, '--rank', String(rank), '--json', '--quiet'];
  if (online) args.push('--online', '--batch-size', String(batchSize), '--passes', String(p));
  const { json, rssMb, cpuSeconds } = measured([process.execPath, BIN, ...args]);
  return {
    method: online ? `nmflow --online (${p} passes)` : 'nmflow anls (batch)',
    rows: Number((json.shape as unknown as number[])[0]),
    seconds: json.seconds,
    relativeError: json.relativeError,
    peakRssMb: rssMb,
    cpuSeconds,
  };
}

function sklearn(file: string, n: number): Row | undefined {
  const probe = spawnSync('/usr/bin/python3', ['-c', 'import sklearn.decomposition, scipy.io'], {
    encoding: 'utf8',
  });
  if (probe.status !== 0) {
    console.error('scikit-learn: skipped (/usr/bin/python3 with sklearn and scipy not found)');
    return undefined;
  }
  const { json, rssMb, cpuSeconds } = measured([
    '/usr/bin/python3',
    SKLEARN,
    file,
    String(rank),
    String(batchSize),
    String(passes),
  ]);
  return {
    method: `sklearn MiniBatchNMF (${passes} epochs)`,
    rows: n,
    seconds: json.fit + json.transform,
    relativeError: json.relativeError,
    peakRssMb: rssMb,
    cpuSeconds,
  };
}

function print(rowsOut: Row[]): void {
  const header = ['method', 'rows', 'seconds', 'CPU s', 'relative error', 'peak RSS MB'];
  const cells = rowsOut.map((r) => [
    r.method,
    String(r.rows),
    r.seconds.toFixed(1),
    r.cpuSeconds.toFixed(1),
    r.relativeError.toFixed(5),
    r.peakRssMb.toFixed(0),
  ]);
  const w = header.map((h, j) => Math.max(h.length, ...cells.map((c) => c[j].length)));
  for (const line of [header, ...cells]) console.log(line.map((c, j) => c.padEnd(w[j])).join('  '));
}

function main(): void {
  console.log(
    `planted topics, 20000 columns, 50 non-zeros a row, rank ${rank}, batch ${batchSize}, ` +
      `${timeV ? 'peak RSS by /usr/bin/time -v' : 'peak RSS as the process reports it'}`,
  );
  const out: Row[] = [];
  if (rows > 0) {
    const file = corpus(rows);
    out.push(nmflow(file, true));
    if (!has('no-anls')) out.push(nmflow(file, false));
    const s = has('no-sklearn') ? undefined : sklearn(file, rows);
    if (s) out.push(s);
  }
  for (const n of memoryRows) out.push(nmflow(corpus(n), true, 1));
  print(out);
  const mem = out.filter((r) => memoryRows.includes(r.rows) && r.method.includes('1 passes'));
  for (let i = 1; i < mem.length; i++) {
    const change = (100 * (mem[i].peakRssMb - mem[i - 1].peakRssMb)) / mem[i - 1].peakRssMb;
    console.log(
      `peak RSS ${mem[i - 1].rows} → ${mem[i].rows} rows: ${change >= 0 ? '+' : ''}${change.toFixed(1)} %`,
    );
  }
}

main();
