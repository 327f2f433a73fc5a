/**
 * Online NMF on planted-topics Matrix Market files (scripts/online-data.ts, generated under
 * `--dir` when missing): `nmflow factorize --online` on a large file (time, relative error,
 * peak RSS), its peak RSS as the number of rows doubles, and on a smaller file (where X fits in
 * memory) against batch `anls`; scikit-learn's MiniBatchNMF on the large file in the same run
 * (on the smaller one, said so in the table, where it fails on the large one, e.g. out of memory).
 *
 *   node dist/scripts/bench-online.js [--rows 100000] [--cols 20000] [--nnz-per-row 50]
 *     [--topics 20] [--seed 0] [--memory-rows 200000,400000] [--anls-rows N]
 *     [--rank 20] [--batch-size 2000] [--passes 3] [--memory-passes 1]
 *     [--anls-passes P]
 *     [--dir /tmp/nmflow-online] [--no-anls] [--no-sklearn] [--sklearn-max-gb 8]
 *     [--sklearn-max-seconds 3600] [--cleanup]
 *
 * `--rows`: the large file (online and scikit-learn, `--passes` passes / epochs); `--anls-rows`
 * (default: `--rows`): the file on which online (`--anls-passes`, default `--passes`), batch
 * `anls` and scikit-learn are compared;
 * `--memory-rows`: row counts run online with `--memory-passes` passes for peak RSS (a run with
 * the same rows and passes as one above is reused). `--cleanup` deletes the files it generated.
 * Peak RSS comes from /usr/bin/time -v where it exists, else from the CLI's own report
 * (process.resourceUsage().maxRSS). scikit-learn runs through /usr/bin/python3 with its address
 * space capped at `--sklearn-max-gb` (killed after `--sklearn-max-seconds`) and is skipped, with a note, when sklearn is missing.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { writePlantedMtx } from './online-data';

const BIN = path.resolve(__dirname, '../../bin/nmflow.js');
const SKLEARN = path.resolve(__dirname, '../../scripts/bench-online-sklearn.py');

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}
const has = (name: string) => process.argv.includes(`--${name}`);
const list = (s: string) =>
  s
    .split(',')
    .filter((x) => x !== '')
    .map(Number);

const rank = Number(flag('rank', '20'));
const batchSize = Number(flag('batch-size', '2000'));
const passes = Number(flag('passes', '3'));
const memoryPasses = Number(flag('memory-passes', '1'));
const anlsPasses = Number(flag('anls-passes', String(passes)));
const dir = flag('dir', '/tmp/nmflow-online');
const rows = Number(flag('rows', '100000'));
const anlsRows = Number(flag('anls-rows', String(rows)));
const memoryRows = list(flag('memory-rows', ''));
const cols = Number(flag('cols', '20000'));
const perRow = Number(flag('nnz-per-row', '50'));
const topics = Number(flag('topics', '20'));
const seed = Number(flag('seed', '0'));
const sklearnMaxGb = Number(flag('sklearn-max-gb', '8'));
const sklearnMaxSeconds = Number(flag('sklearn-max-seconds', '3600'));

interface Row {
  method: string;
  rows: number;
  passes: number;
  seconds: number;
  relativeError: number;
  peakRssMb: number;
  /** User + system CPU seconds of the whole process (NaN without /usr/bin/time). */
  cpuSeconds: number;
}

const generated: string[] = [];

function corpus(n: number): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `planted-${n}x${cols}-${perRow}nnz-${topics}t-seed${seed}.mtx`);
  if (!fs.existsSync(file)) {
    const t0 = performance.now();
    const tmp = `${file}.tmp`;
    const nnz = writePlantedMtx(tmp, { rows: n, cols, perRow, topics, seed });
    fs.renameSync(tmp, file);
    generated.push(file);
    const s = ((performance.now() - t0) / 1000).toFixed(1);
    const mb = (fs.statSync(file).size / 2 ** 20).toFixed(0);
    console.log(`generated ${file}: ${n} × ${cols}, ${nnz} entries, ${mb} MB, ${s} s`);
  }
  return file;
}

const timeV = fs.existsSync('/usr/bin/time');

/** Runs a command; its JSON stdout and its peak RSS in MB, or the error. */
function measured(
  cmd: string[],
  timeoutMs = 0,
): {
  json: Record<string, number>;
  rssMb: number;
  cpuSeconds: number;
} {
  const argv = timeV ? ['/usr/bin/time', '-v', ...cmd] : cmd;
  const r = spawnSync(argv[0], argv.slice(1), {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
    timeout: timeoutMs,
    killSignal: 'SIGKILL',
  });
  if (r.status !== 0) {
    const tail = r.stderr
      .split(/\n\tCommand being timed/)[0]
      .split('\n')
      .slice(-8)
      .join('\n');
    throw new Error(`${cmd.join(' ')} failed (${r.status}): ${tail}`);
  }
  const json = JSON.parse(r.stdout);
  const kb = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1];
  const rssMb = kb ? Number(kb) / 1024 : (json.maxRssBytes ?? NaN) / 2 ** 20;
  const cpu = (what: string) =>
    Number(new RegExp(`${what} time \\(seconds\\): ([\\d.]+)`).exec(r.stderr)?.[1]);
  return { json, rssMb, cpuSeconds: cpu('User') + cpu('System') };
}

function nmflow(file: string, online: boolean, p: number): Row {
  const args = ['factorize', '--input', file, '--rank', String(rank), '--json', '--quiet'];
  if (online) args.push('--online', '--batch-size', String(batchSize), '--passes', String(p));
  const { json, rssMb, cpuSeconds } = measured([process.execPath, BIN, ...args]);
  const row: Row = {
    method: online ? `nmflow --online` : 'nmflow anls (batch)',
    rows: Number((json.shape as unknown as number[])[0]),
    passes: online ? p : NaN,
    seconds: json.seconds,
    relativeError: json.relativeError,
    peakRssMb: rssMb,
    cpuSeconds,
  };
  log(row);
  return row;
}

function sklearnAvailable(): boolean {
  const probe = spawnSync('/usr/bin/python3', ['-c', 'import sklearn.decomposition, scipy.io'], {
    encoding: 'utf8',
  });
  return probe.status === 0;
}

function sklearn(file: string, n: number, note = '', p = passes): Row {
  const { json, rssMb, cpuSeconds } = measured(
    [
      '/usr/bin/python3',
      SKLEARN,
      file,
      String(rank),
      String(batchSize),
      String(passes),
      String(sklearnMaxGb),
    ],
    sklearnMaxSeconds * 1000,
  );
  const row: Row = {
    method: `sklearn MiniBatchNMF${note}`,
    rows: n,
    passes: p,
    // Reading the text file is left out, as nmflow's own `seconds` leave it out too.
    seconds: json.fit + json.transform,
    relativeError: json.relativeError,
    peakRssMb: rssMb,
    cpuSeconds,
  };
  log(row);
  return row;
}

/** One line on stderr per finished run, so a long run shows progress (and its numbers). */
function log(r: Row): void {
  const e = r.relativeError.toFixed(5);
  console.error(
    `done: ${r.method} ${r.rows} rows: ${r.seconds.toFixed(1)} s, CPU ${r.cpuSeconds.toFixed(1)} s, ` +
      `error ${e}, peak RSS ${r.peakRssMb.toFixed(0)} MB`,
  );
}

function print(rowsOut: Row[]): void {
  const header = ['method', 'rows', 'passes', 'seconds', 'CPU s', 'relative error', 'peak RSS MB'];
  const cells = rowsOut.map((r) => [
    r.method,
    String(r.rows),
    Number.isNaN(r.passes) ? '-' : String(r.passes),
    r.seconds.toFixed(1),
    r.cpuSeconds.toFixed(1),
    r.relativeError.toFixed(5),
    r.peakRssMb.toFixed(0),
  ]);
  const w = header.map((h, j) => Math.max(h.length, ...cells.map((c) => c[j].length)));
  for (const line of [header, ...cells]) console.log(line.map((c, j) => c.padEnd(w[j])).join('  '));
}

function main(): void {
  const load = () =>
    os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ');
  console.log(
    `planted topics (${topics}), ${cols} columns, ${perRow} non-zeros a row, seed ${seed}, ` +
      `rank ${rank}, batch ${batchSize}, ${os.cpus().length} cores, load average ${load()}, ` +
      `${timeV ? 'peak RSS by /usr/bin/time -v' : 'peak RSS as the process reports it'}`,
  );
  const out: Row[] = [];
  const useSklearn = !has('no-sklearn') && sklearnAvailable();
  if (!has('no-sklearn') && !useSklearn)
    console.log('scikit-learn: skipped (/usr/bin/python3 with sklearn and scipy not found)');
  if (rows > 0) {
    const file = corpus(rows);
    out.push(nmflow(file, true, passes));
    if (useSklearn) {
      try {
        out.push(sklearn(file, rows));
      } catch (e) {
        const why = (e as Error).message.split('\n').slice(-3).join(' ').slice(0, 300);
        console.log(`scikit-learn failed on ${rows} rows (${why})`);
        if (anlsRows === rows || anlsRows <= 0)
          console.log('scikit-learn: no smaller file to fall back on');
        else if (!out.some((r) => r.method.startsWith('sklearn') && r.rows === anlsRows))
          out.push(sklearn(corpus(anlsRows), anlsRows, ` (${rows} rows failed)`));
      }
    }
  }
  const memory: Row[] = [];
  for (const n of memoryRows) {
    const known = out.find(
      (r) => r.method === 'nmflow --online' && r.rows === n && r.passes === memoryPasses,
    );
    const r = known ?? nmflow(corpus(n), true, memoryPasses);
    if (!known) out.push(r);
    memory.push(r);
  }
  if (anlsRows > 0) {
    const file = corpus(anlsRows);
    if (anlsRows !== rows || anlsPasses !== passes) out.push(nmflow(file, true, anlsPasses));
    if (!has('no-anls')) out.push(nmflow(file, false, anlsPasses));
    if (
      useSklearn &&
      anlsRows !== rows &&
      !out.some((r) => r.method.startsWith('sklearn') && r.rows === anlsRows)
    )
      out.push(sklearn(file, anlsRows, '', anlsPasses));
  }
  print(out);
  const ref = out.find((r) => r.method.includes('anls'));
  const on = out.find((r) => r.method === 'nmflow --online' && r.rows === ref?.rows);
  if (ref && on) {
    const d = (100 * (on.relativeError - ref.relativeError)) / ref.relativeError;
    console.log(`online vs batch anls on ${ref.rows} rows: ${d >= 0 ? '+' : ''}${d.toFixed(2)} %`);
  }
  for (let i = 1; i < memory.length; i++) {
    const a = memory[i - 1];
    const b = memory[i];
    const change = (100 * (b.peakRssMb - a.peakRssMb)) / a.peakRssMb;
    console.log(
      `peak RSS of --online (${memoryPasses} passes) ${a.rows} → ${b.rows} rows: ` +
        `${a.peakRssMb.toFixed(0)} → ${b.peakRssMb.toFixed(0)} MB, ` +
        `${change >= 0 ? '+' : ''}${change.toFixed(1)} %`,
    );
  }
  console.log(`load average at the end: ${load()}`);
  if (has('cleanup')) for (const f of generated) fs.rmSync(f, { force: true });
}

main();
