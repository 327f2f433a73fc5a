/**
 * The NMF benchmark matrix: nmflow's solvers against scikit-learn and RcppML on a set of cases
 * (bench-nmf-cases.ts: MNIST at rank 16 and 64, SpamAssassin and SOTU tf-idf, a generated large
 * sparse matrix, a tall-thin and a short-wide dense matrix), Frobenius loss.
 *
 * Per case, in rounds (so that a slow spell of the shared machine weighs on every side):
 * sklearn NMF(solver='cd', init='nndsvda', max_iter=200, tol=1e-4), whose final relative error
 * ‖X − WH‖_F/‖X‖_F (first round) is the case's target; sklearn 'mu' (same settings); RcppML
 * (first round only: it runs several times itself, bench-nmf-peers.ts says how); each nmflow
 * solver (init nndsvda, stopped when its error first reaches the target), with the machine's
 * threads and, labelled `1 thread`, with NMFLOW_THREADS=1. Every run is its own process, so
 * its peak memory growth (VmHWM after − VmRSS before the fit, garbage collected before) is its
 * own. Times are to the
 * target, init included; the table shows medians over the rounds, the ratios of those medians to
 * sklearn cd's and to RcppML's, and the median of each round's ratio to sklearn cd's run of the
 * same round (`paired`: a slow spell that slows both sides of a round cancels out in it).
 *
 * Usage: npm run bench:nmf [-- --cases mnist-16,spam-20] [--rounds 1] [--solvers anls,hals]
 *        [--single-thread anls,hals] [--max-seconds 60] [--no-rcppml] [--no-mu]
 *        [--backends wasm,tensorflow]
 * With several backends every nmflow row names its backend (`anls @tensorflow`), and each case
 * ends with the spread of each solver's final error across the backends (same seed, same
 * float64 start: the differences are the backends' rounding).
 * Solver specs may name the NNLS engine of anls (`anls:pgd`). Cases: see --help.
 */
import { spawnSync } from 'child_process';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { factorize, initBackend, type NmfSolver } from '../src';
import { CASES, readCase, writeCase, type BenchCase } from './bench-nmf-cases';
import { runRcppml, runSklearn, type Measure } from './bench-nmf-peers';
import { medians, pairedRatio, type Row } from './bench-rounds';

/** Child process: one nmflow solver on one case, stopped when the error reaches `target`. */
async function child(
  spec: string,
  c: BenchCase,
  target: number,
  maxSeconds: number,
  backend: string,
) {
  await initBackend(backend);
  const X = await readCase(c);
  const [solver, engine] = spec.split(':') as [NmfSolver, string | undefined];
  // The baseline holds live memory only, as CPython's (reference counting frees at once): the
  // garbage of loading the case (readFile's buffer, copied) is collected first, else freeing it
  // during the fit could hide up to one X of the fit's growth (the child runs with --expose-gc).
  (globalThis as { gc?: () => void }).gc?.();
  await fs.writeFile('/proc/self/clear_refs', '5').catch(() => undefined);
  const base = process.memoryUsage().rss / 2 ** 20;
  const controller = new AbortController();
  let reachedAt: { seconds: number; iteration: number } | undefined;
  const r = await factorize(X, {
    rank: c.rank,
    solver,
    init: 'nndsvda',
    tol: 0,
    maxIter: 100000,
    checkEvery: 1,
    timeLimitSeconds: maxSeconds,
    signal: controller.signal,
    ...(engine ? { nnlsSolver: engine } : {}),
    onIteration: (info) => {
      if (!reachedAt && info.relativeError <= target) {
        reachedAt = { seconds: info.seconds, iteration: info.iteration };
        controller.abort();
      }
    },
  });
  r.W.dispose();
  r.H.dispose();
  const m: Measure = {
    solver: spec,
    reached: reachedAt !== undefined,
    seconds: reachedAt?.seconds ?? r.seconds,
    iterations: reachedAt?.iteration ?? r.nIter,
    relativeError: r.relativeError,
    peakDeltaMB: (await peakMB()) - base,
  };
  console.log(JSON.stringify(m));
}

/** VmHWM of this process in MB (the resource usage's max RSS where /proc is absent). */
async function peakMB(): Promise<number> {
  try {
    const s = await fs.readFile('/proc/self/status', 'utf8');
    return Number(/VmHWM:\s+(\d+)/.exec(s)![1]) / 1024;
  } catch {
    return process.resourceUsage().maxRSS / 1024;
  }
}

/** One nmflow solver in a child process (its own peak memory); undefined on failure. */
function runChild(
  spec: string,
  c: BenchCase,
  target: number,
  maxSeconds: number,
  backend: string,
  threads?: number,
): Measure | undefined {
  const env = threads ? { ...process.env, NMFLOW_THREADS: String(threads) } : process.env;
  const args = ['--expose-gc', __filename, '--child', spec, '--case-json', JSON.stringify(c)];
  args.push('--backends', backend);
  args.push('--target', String(target), '--max-seconds', String(maxSeconds));
  const res = spawnSync(process.execPath, args, { encoding: 'utf8', env });
  const line = res.stdout.trim().split('\n').pop() ?? '';
  if (res.status !== 0 || !line.startsWith('{')) {
    console.log(`${spec}: failed (${res.stderr.trim().split('\n').slice(-3).join(' | ')})`);
    return undefined;
  }
  return JSON.parse(line) as Measure;
}

/** One case: rounds of every solver, then its table. */
function benchCase(
  c: BenchCase,
  argv: {
    rounds: number;
    solvers: string[];
    single: string[];
    maxSeconds: number;
    rcppml: boolean;
    mu: boolean;
    backends: string[];
  },
) {
  console.log(`\n## ${c.name}: ${c.description} (${c.kind}, ${c.rows} × ${c.cols})`);
  const rows = new Map<string, Row>();
  let round = 0;
  const add = (label: string, m: Measure | undefined) => {
    if (!m) return;
    if (!rows.has(label)) rows.set(label, { label, runs: [], rounds: [] });
    rows.get(label)!.runs.push(m);
    rows.get(label)!.rounds.push(round);
  };
  let target: number | undefined;
  for (; round < argv.rounds; round++) {
    const cd = runSklearn(c, 'cd', 0);
    add('sklearn cd', cd);
    target ??= cd?.relativeError;
    if (target === undefined) throw new Error('no sklearn cd to set the target');
    if (argv.mu) add('sklearn mu', runSklearn(c, 'mu', target));
    if (round === 0 && argv.rcppml) add('RcppML', runRcppml(c, target, argv.maxSeconds));
    for (const b of argv.backends) {
      const at = argv.backends.length > 1 || b !== 'wasm' ? ` @${b}` : '';
      for (const spec of argv.solvers) {
        add(`${spec}${at}`, runChild(spec, c, target, argv.maxSeconds, b));
      }
      for (const spec of argv.single) {
        add(`${spec}${at} (1 thread)`, runChild(spec, c, target, argv.maxSeconds, b, 1));
      }
    }
  }
  const med = new Map([...rows].map(([label, r]) => [label, medians(r.runs)]));
  const sk = med.get('sklearn cd');
  const rc = med.get('RcppML');
  console.log(`target relative error (sklearn cd's final): ${target!.toFixed(6)}`);
  console.log(
    'solver               reached  seconds  iters  final err  peak MB  ×sklearn cd  paired  ×RcppML  runs (s)',
  );
  for (const [label, m] of med) {
    const ratio = (to: Measure | undefined) =>
      to && to.reached && m.reached ? `${(m.seconds / to.seconds).toFixed(2)}×` : 'n/a';
    const paired = pairedRatio(rows.get(label)!, rows.get('sklearn cd'));
    console.log(
      `${label.padEnd(20)} ${String(m.reached).padEnd(7)}  ${m.seconds.toFixed(2).padStart(7)}  ` +
        `${String(m.iterations).padStart(5)}  ${m.relativeError.toFixed(6)}  ` +
        `${m.peakDeltaMB.toFixed(1).padStart(7)}  ${ratio(sk).padStart(11)}  ` +
        `${(paired === undefined ? 'n/a' : `${paired.toFixed(2)}×`).padStart(6)}  ${ratio(rc).padStart(7)}  ` +
        `${rows
          .get(label)!
          .runs.map((r) => r.seconds.toFixed(2))
          .join(', ')}${m.note ? `  (${m.note})` : ''}`,
    );
  }
  if (argv.backends.length > 1) {
    for (const spec of argv.solvers) {
      const errors = argv.backends
        .map((b) => [b, med.get(`${spec} @${b}`)?.relativeError] as const)
        .filter((e): e is readonly [string, number] => e[1] !== undefined);
      if (errors.length < 2) continue;
      const values = errors.map((e) => e[1]);
      console.log(
        `${spec}: final error by backend ${errors.map(([b, e]) => `${b} ${e.toFixed(6)}`).join(', ')}` +
          ` (spread ${(Math.max(...values) - Math.min(...values)).toExponential(1)})`,
      );
    }
  }
}

async function main() {
  const argv = await yargs(hideBin(process.argv))
    .option('cases', {
      type: 'string',
      default: CASES.map((c) => c.name).join(','),
      describe: `comma-separated: ${CASES.map((c) => `${c.name} (${c.description})`).join('; ')}`,
    })
    .option('rounds', { type: 'number', default: 1, describe: 'rounds per case; medians compared' })
    .option('solvers', { type: 'string', default: 'anls,hals' })
    .option('single-thread', {
      type: 'string',
      default: 'anls,hals',
      describe: 'solvers also run with NMFLOW_THREADS=1 ("" for none)',
    })
    .option('max-seconds', { type: 'number', default: 60, describe: 'per run' })
    .option('rcppml', { type: 'boolean', default: true })
    .option('mu', { type: 'boolean', default: true, describe: "sklearn 'mu' too" })
    .option('backends', {
      type: 'string',
      default: 'wasm',
      describe: 'comma-separated tfjs backends for the nmflow runs (wasm, tensorflow, cpu)',
    })
    .option('child', { type: 'string', hidden: true })
    .option('case-json', { type: 'string', hidden: true })
    .option('target', { type: 'number', hidden: true })
    .strict()
    .parse();
  if (argv.child) {
    const c = JSON.parse(argv['case-json']!) as BenchCase;
    await child(argv.child, c, argv.target!, argv['max-seconds'], argv.backends);
    return;
  }
  const names = argv.cases.split(',').filter(Boolean);
  const unknown = names.filter((n) => !CASES.some((c) => c.name === n));
  if (unknown.length) throw new Error(`unknown case(s) ${unknown.join(', ')}`);
  const list = (s: string) => s.split(',').filter(Boolean);
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'nmflow-bench-'));
  console.log(
    `bench:nmf on ${os.cpus().length} cores (nmflow threads: NMFLOW_THREADS=${process.env.NMFLOW_THREADS ?? 'unset'}), ` +
      `${argv.rounds} round(s), backend(s) ${argv.backends}, init nndsvda`,
  );
  try {
    for (const name of names) {
      const c = await writeCase(
        CASES.find((s) => s.name === name)!,
        root,
      );
      benchCase(c, {
        rounds: Math.max(1, Math.floor(argv.rounds)),
        solvers: list(argv.solvers),
        single: list(argv['single-thread']),
        maxSeconds: argv['max-seconds'],
        rcppml: argv.rcppml,
        mu: argv.mu,
        backends: list(argv.backends),
      });
      await fs.rm(c.dir, { recursive: true, force: true });
    }
  } finally {
    await fs.rm(root, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
