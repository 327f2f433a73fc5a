/**
 * NNLS benchmark: time-to-tolerance of every registered solver, against scipy.optimize.nnls
 * in the same run when /usr/bin/python3 has scipy (skipped cleanly otherwise).
 *
 * (1) A 1000×500 Gaussian, 50 right-hand sides, X* = max(N(0,1), 0), noise 0.01: seconds until
 *     the relative objective gap (f − f*)/f* falls to 1e-4 (f* from the exact active-set solver),
 *     read from each solver's own check points (`seconds` since the call, set-up included).
 * (2) The paper's sparse recovery: A 200×500 with N(0, 1/m) entries, x* 25-sparse, |N(0,1)|
 *     normalized to ‖x*‖ = 1, b = Ax*; default options; residual ‖Ax − b‖, l1/l1(x*), seconds,
 *     mean over 3 seeds.
 * (3) The same problem (seed 1), `overparam-nesterov`: wall time and iterations until
 *     ‖Ax − b‖ ≤ 1e-5‖b‖ (check points every 10 iterations), against the authors' algorithm
 *     re-implemented in numpy (GD with Nesterov momentum on u, x = u ⊙ u, float64, the best
 *     of a small grid of fixed step sizes) to the same residual, when /usr/bin/python3 has
 *     numpy; and the number of tfjs kernels per iteration counted by `tf.profile`.
 *
 * Usage: npm run bench:nnls [-- --backend wasm --quick --part nesterov]; `--backend wasm,tensorflow` runs the
 * whole benchmark on each in turn, the backend column of every solver row saying which.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { registerNnlsKernels } from '../src/kernels/nnls-register';
import { initBackend, isExactSolver, nnls, Rng, solverNames, type NnlsResult } from '../src';

const PYTHON = '/usr/bin/python3';
const TARGET_GAP = 1e-4;

interface Dense {
  data: Float64Array;
  rows: number;
  cols: number;
}

const shaped = (M: Dense) => ({ data: M.data, shape: [M.rows, M.cols] as [number, number] });

function matmul(A: Dense, X: Dense): Dense {
  const out = new Float64Array(A.rows * X.cols);
  for (let i = 0; i < A.rows; i++) {
    for (let k = 0; k < A.cols; k++) {
      const a = A.data[i * A.cols + k];
      for (let c = 0; c < X.cols; c++) out[i * X.cols + c] += a * X.data[k * X.cols + c];
    }
  }
  return { data: out, rows: A.rows, cols: X.cols };
}

/** ½‖AX − B‖²_F in float64. */
function objective(A: Dense, X: ArrayLike<number>, B: Dense): number {
  const AX = matmul(A, { data: Float64Array.from(X), rows: A.cols, cols: B.cols });
  let s = 0;
  for (let i = 0; i < B.data.length; i++) s += (AX.data[i] - B.data[i]) ** 2;
  return 0.5 * s;
}

function l1(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += Math.abs(x[i]);
  return s;
}

/** Runs scipy.optimize.nnls column by column on A, B; null when scipy is not available. */
function scipyNnls(A: Dense, B: Dense): { seconds: number; X: Float64Array } | null {
  try {
    execFileSync(PYTHON, ['-c', 'import scipy.optimize'], { stdio: 'ignore' });
  } catch {
    return null;
  }
  const dir = mkdtempSync(join(tmpdir(), 'nmflow-bench-'));
  try {
    writeFileSync(join(dir, 'A.f64'), A.data);
    writeFileSync(join(dir, 'B.f64'), B.data);
    const script = `
import sys, time, json, numpy as np
from scipy.optimize import nnls
d = sys.argv[1]
A = np.fromfile(d + '/A.f64').reshape(${A.rows}, ${A.cols})
B = np.fromfile(d + '/B.f64').reshape(${B.rows}, ${B.cols})
X = np.zeros((${A.cols}, ${B.cols}))
t = time.perf_counter()
for c in range(${B.cols}):
    X[:, c] = nnls(A, B[:, c])[0]
seconds = time.perf_counter() - t
X.tofile(d + '/X.f64')
print(json.dumps({'seconds': seconds}))
`;
    const out = execFileSync(PYTHON, ['-c', script, dir], { encoding: 'utf8' });
    const { seconds } = JSON.parse(out.trim().split('\n').pop()!);
    const buf = readFileSync(join(dir, 'X.f64'));
    return { seconds, X: new Float64Array(buf.buffer, buf.byteOffset, buf.length / 8).slice() };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function gaussian(rows: number, cols: number, rng: Rng, scale = 1): Dense {
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < data.length; i++) data[i] = scale * rng.normal();
  return { data, rows, cols };
}

/** Runs a solver until the relative gap to fStar reaches TARGET_GAP (aborting there). */
async function timeToGap(
  A: Dense,
  B: Dense,
  solver: string,
  fStar: number,
  extra: { polish?: boolean; timeLimitSeconds: number },
) {
  const controller = new AbortController();
  let reachedAt: number | undefined;
  const res = await nnls(shaped(A), shaped(B), {
    solver,
    tol: 0,
    maxIter: 1e6,
    checkEvery: 10,
    history: false,
    signal: controller.signal,
    timeLimitSeconds: extra.timeLimitSeconds,
    polish: extra.polish,
    onIteration: (info) => {
      if (reachedAt === undefined && (info.objective - fStar) / fStar <= TARGET_GAP) {
        reachedAt = info.seconds;
        controller.abort();
      }
    },
  });
  const X = res.x.dataSync();
  res.x.dispose();
  return { res, finalGap: (objective(A, X, B) - fStar) / fStar, reached: reachedAt !== undefined };
}

async function denseProblem(quick: boolean, timeLimit: number, backend: string): Promise<void> {
  const [m, n, r] = quick ? [400, 200, 10] : [1000, 500, 50];
  const rng = new Rng(2024);
  const A = gaussian(m, n, rng);
  const Xstar = gaussian(n, r, rng);
  Xstar.data.forEach((v, i) => (Xstar.data[i] = Math.max(0, v)));
  const B = matmul(A, Xstar);
  B.data.forEach((v, i) => (B.data[i] = v + 0.01 * rng.normal()));

  console.log(`\n(1) A ${m}×${n} Gaussian, ${r} right-hand sides, noise 0.01`);
  const exact = await nnls(shaped(A), shaped(B), { solver: 'active-set' });
  exact.x.dispose();
  const fStar = exact.objective;
  console.log(
    `  active-set (float64 Lawson–Hanson): ${exact.seconds.toFixed(3)} s, f* = ${fStar.toPrecision(10)}, ` +
      `${exact.iterations} pivots (largest column)`,
  );
  const scipy = scipyNnls(A, B);
  if (scipy) {
    const fScipy = objective(A, scipy.X, B);
    console.log(
      `  scipy.optimize.nnls: ${scipy.seconds.toFixed(3)} s, f = ${fScipy.toPrecision(10)} ` +
        `(relative difference to f*: ${((fScipy - fStar) / fStar).toExponential(2)}; ` +
        `active-set/scipy time ratio ${(exact.seconds / scipy.seconds).toFixed(3)})`,
    );
  } else {
    console.log(`  scipy.optimize.nnls: skipped (${PYTHON} has no scipy)`);
  }
  console.log(`  time to relative objective gap ${TARGET_GAP} (float64 gap of the returned X):`);
  console.log(`    ${'backend'.padEnd(11)}solver`);
  let best: { name: string; seconds: number } | undefined;
  const runs = solverNames()
    .filter((s) => !isExactSolver(s) && s !== 'mu')
    .flatMap((s) => [{ solver: s, polish: false }]);
  runs.push({ solver: 'apg', polish: true });
  for (const { solver, polish } of runs) {
    const name = polish ? `${solver} + polish` : solver;
    const { res, finalGap, reached } = await timeToGap(A, B, solver, fStar, {
      polish,
      timeLimitSeconds: timeLimit,
    });
    const ratio = scipy ? `, ${(res.seconds / scipy.seconds).toFixed(3)}× scipy` : '';
    console.log(
      `    ${backend.padEnd(10)} ${name.padEnd(22)} ${reached ? `${res.seconds.toFixed(3)} s` : `not reached in ${res.seconds.toFixed(1)} s`}` +
        ` (${res.iterations} iterations, final gap ${finalGap.toExponential(2)}${ratio})`,
    );
    if (reached && !polish && (!best || res.seconds < best.seconds))
      best = { name, seconds: res.seconds };
  }
  if (best && scipy) {
    const ratio = best.seconds / scipy.seconds;
    console.log(
      `  best first-order: ${best.name}, ${ratio.toFixed(3)}× scipy's time ` +
        `(target ≤ 0.25: ${ratio <= 0.25 ? 'met' : 'NOT met'})`,
    );
  }
}

/** The paper's generator: A N(0, 1/m), x* s-sparse |N(0,1)| normalized, b = Ax*. */
function sparseRecovery(seed: number) {
  const [m, n, s] = [200, 500, 25];
  const rng = new Rng(seed);
  const A = gaussian(m, n, rng, 1 / Math.sqrt(m));
  const x = new Float64Array(n);
  for (let j = 0; j < s; j++) x[j] = rng.normal();
  const norm = Math.sqrt(x.reduce((t, v) => t + v * v, 0));
  x.forEach((v, j) => (x[j] = Math.abs(v) / norm));
  const xs: Dense = { data: x, rows: n, cols: 1 };
  return { A, b: matmul(A, xs), xs };
}

async function sparseProblem(backend: string): Promise<void> {
  console.log('\n(2) sparse recovery 200×500, s = 25, default options, mean of 3 seeds');
  const seeds = [1, 2, 3];
  const rows: Record<string, { res: number; l1: number; sec: number; it: number }> = {};
  const add = (name: string, res: number, l1ratio: number, sec: number, it: number) => {
    const row = (rows[name] ??= { res: 0, l1: 0, sec: 0, it: 0 });
    row.res += res / seeds.length;
    row.l1 += l1ratio / seeds.length;
    row.sec += sec / seeds.length;
    row.it += it / seeds.length;
  };
  for (const seed of seeds) {
    const { A, b, xs } = sparseRecovery(seed);
    for (const solver of solverNames().filter((s) => s !== 'mu')) {
      const r: NnlsResult = await nnls(shaped(A), shaped(b), { solver, history: false });
      const x = r.x.dataSync();
      r.x.dispose();
      add(solver, Math.sqrt(2 * objective(A, x, b)), l1(x) / l1(xs.data), r.seconds, r.iterations);
    }
    const scipy = scipyNnls(A, b);
    if (scipy) {
      const res = Math.sqrt(2 * objective(A, scipy.X, b));
      add('scipy nnls', res, l1(scipy.X) / l1(xs.data), scipy.seconds, 0);
    }
  }
  console.log(
    '    backend    solver                 residual ‖Ax−b‖   l1/l1(x*)   seconds   iterations',
  );
  for (const [name, v] of Object.entries(rows)) {
    console.log(
      `    ${backend.padEnd(10)} ${name.padEnd(22)} ${v.res.toExponential(2).padStart(15)} ${v.l1.toFixed(4).padStart(11)} ` +
        `${v.sec.toFixed(3).padStart(9)} ${v.it.toFixed(0).padStart(12)}`,
    );
  }
}

const RESIDUAL_TARGET = 1e-5;

/**
 * The authors' GD-Nesterov in numpy (float64): v = u + k/(k+3)·(u − u_prev),
 * u⁺ = v − η·2v ⊙ Aᵀ(A(v ⊙ v) − b), from u = √alpha; the residual checked every 10 iterations.
 * Runs each η of `etas` (units of 1/λmax(AᵀA)) and returns the fastest that reaches the target.
 */
function numpyNesterov(A: Dense, b: Dense, alpha: number, etas: number[]) {
  try {
    execFileSync(PYTHON, ['-c', 'import numpy'], { stdio: 'ignore' });
  } catch {
    return null;
  }
  const dir = mkdtempSync(join(tmpdir(), 'nmflow-bench-'));
  try {
    writeFileSync(join(dir, 'A.f64'), A.data);
    writeFileSync(join(dir, 'b.f64'), b.data);
    const script = `
import sys, time, json, numpy as np
d = sys.argv[1]
A = np.fromfile(d + '/A.f64').reshape(${A.rows}, ${A.cols})
b = np.fromfile(d + '/b.f64')
lam = np.linalg.norm(A, 2) ** 2
target = ${RESIDUAL_TARGET} * np.linalg.norm(b)
best = None
for lr in ${JSON.stringify(etas)}:
    eta = lr / lam
    t = time.perf_counter()
    u = np.full(A.shape[1], np.sqrt(${alpha})); u_prev = u.copy(); k = 0
    while k < 200000:
        v = u + (k / (k + 3)) * (u - u_prev)
        u_prev = u
        u = v - eta * 2 * v * (A.T @ (A @ (v * v) - b))
        k += 1
        if k % 10 == 0:
            res = np.linalg.norm(A @ (u * u) - b)
            if not np.isfinite(res) or res <= target:
                break
    s = time.perf_counter() - t
    if np.isfinite(res) and res <= target and (best is None or s < best['seconds']):
        best = {'seconds': s, 'iterations': k, 'lr': lr}
print(json.dumps(best))
`;
    const out = execFileSync(PYTHON, ['-c', script, dir], { encoding: 'utf8' });
    return JSON.parse(out.trim().split('\n').pop()!) as {
      seconds: number;
      iterations: number;
      lr: number;
    } | null;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** tfjs kernels per iteration of `solver` (tf.profile over a fixed number of iterations). */
async function kernelsPerIteration(A: Dense, b: Dense, solver: string, extra: object = {}) {
  const iterations = 200;
  const info = await tf.profile(async () => {
    const r = await nnls(shaped(A), shaped(b), {
      solver,
      tol: 0,
      maxIter: iterations,
      history: false,
      ...extra,
    });
    r.x.dispose();
  });
  // tf.profile returns the engine's one profile object, reused by the next call: read it now.
  const names = new Set(info.kernels.map((k) => k.name));
  const total = info.kernels.length;
  // The set-up (Gram products, power iteration, scaling) is counted once: subtract a 0-iteration run.
  const base = await tf.profile(async () => {
    const r = await nnls(shaped(A), shaped(b), {
      solver,
      tol: 0,
      maxIter: 0,
      history: false,
      ...extra,
    });
    r.x.dispose();
  });
  const perIteration = (total - base.kernels.length) / iterations;
  return { perIteration, nmflow: [...names].filter((n) => n.startsWith('Nmflow')) };
}

async function nesterovVsNumpy(backend: string): Promise<void> {
  const { A, b } = sparseRecovery(1);
  const bNorm = Math.sqrt(b.data.reduce((t, v) => t + v * v, 0));
  console.log(
    `\n(3) overparam-nesterov to ‖Ax − b‖ ≤ ${RESIDUAL_TARGET}‖b‖, sparse recovery 200×500, s = 25, seed 1`,
  );
  let defaultSeconds: number | undefined;
  for (const [label, tol] of [
    ['default options', undefined],
    ['pure method (tol 0, no APG finish)', 0],
  ] as const) {
    const controller = new AbortController();
    let reached: { seconds: number; iteration: number } | undefined;
    const t0 = performance.now();
    const r = await nnls(shaped(A), shaped(b), {
      solver: 'overparam-nesterov',
      tol,
      maxIter: 200000,
      checkEvery: 10,
      history: false,
      signal: controller.signal,
      onIteration: (info) => {
        if (!reached && Math.sqrt(2 * info.objective) <= RESIDUAL_TARGET * bNorm) {
          reached = { seconds: (performance.now() - t0) / 1000, iteration: info.iteration };
          controller.abort();
        }
      },
    });
    r.x.dispose();
    const wall = (performance.now() - t0) / 1000;
    console.log(
      `    ${backend.padEnd(10)} nmflow, ${label}: ` +
        (reached
          ? `${reached.seconds.toFixed(4)} s, ${reached.iteration} iterations ` +
            `(${((reached.seconds / reached.iteration) * 1e3).toFixed(4)} ms per iteration, set-up included)`
          : `not reached (${r.iterations} iterations, ${wall.toFixed(3)} s, ${r.stopReason})`),
    );
    if (tol === undefined) defaultSeconds = reached?.seconds;
  }
  const np = numpyNesterov(A, b, 1e-3, [0.02, 0.05, 0.1, 0.2, 0.4]);
  if (np === null) {
    console.log(`    numpy GD-Nesterov: skipped (${PYTHON} has no numpy)`);
  } else if (!np) {
    console.log('    numpy GD-Nesterov: did not reach the residual with any step size tried');
  } else {
    const ours = defaultSeconds;
    console.log(
      `    numpy GD-Nesterov (float64, η = ${np.lr}/λmax, best of the grid): ${np.seconds.toFixed(4)} s, ` +
        `${np.iterations} iterations (${((np.seconds / np.iterations) * 1e3).toFixed(4)} ms per iteration)`,
    );
    if (ours !== undefined) {
      const ratio = ours / np.seconds;
      console.log(
        `    nmflow/numpy time ratio ${ratio.toFixed(3)} (target ≤ 1: ${ratio <= 1 ? 'met' : 'NOT met'})`,
      );
    }
  }
  for (const [solver, extra] of [
    ['overparam-nesterov', {}],
    ['overparam-mirror', {}],
    ['overparam', { step: 'bb' }],
    ['overparam', { step: 'fixed' }],
    ['apg', {}],
  ] as const) {
    const k = await kernelsPerIteration(A, b, solver, extra);
    const name = `${solver}${'step' in extra ? ` (${extra.step})` : ''}`;
    console.log(
      `    ${backend.padEnd(10)} ${name.padEnd(22)} tfjs kernels per iteration (tf.profile): ` +
        `${k.perIteration.toFixed(2)} [${k.nmflow.join(', ')}]`,
    );
  }
}

/** One small solve per solver first, so that no timing includes kernel set-up. */
async function warmUp(): Promise<void> {
  const rng = new Rng(7);
  const A = gaussian(300, 150, rng);
  const B = gaussian(300, 4, rng);
  for (const solver of solverNames().filter((s) => s !== 'mu')) {
    const r = await nnls(shaped(A), shaped(B), { solver, maxIter: 200 });
    r.x.dispose();
  }
}

async function main(): Promise<void> {
  const argv = yargs(hideBin(process.argv))
    .option('backend', {
      type: 'string',
      default: 'auto',
      describe: 'backend, or a comma-separated list: the benchmark runs on each in turn',
    })
    .option('quick', { type: 'boolean', default: false, describe: 'smaller problem (1)' })
    .option('time-limit', { type: 'number', default: 60, describe: 'seconds per solver' })
    .option('kernels', {
      choices: ['default', 'host', 'composite'] as const,
      default: 'default' as const,
      describe: 'which form of the fused NNLS kernels to register (src/kernels/nnls-register.ts)',
    })
    .option('part', {
      choices: ['all', 'nesterov'] as const,
      default: 'all' as const,
      describe: 'nesterov: only (3), overparam-nesterov against numpy and the kernel counts',
    })
    .strict()
    .parseSync();
  for (const backend of argv.backend.split(',')) {
    const info = await initBackend(backend);
    if (argv.kernels !== 'default') registerNnlsKernels(info.name, argv.kernels);
    console.log(
      `\nbackend: ${info.name} (${info.reason}); NNLS kernels: ${registerNnlsKernels(info.name)}`,
    );
    await warmUp();
    if (argv.part === 'all') {
      await denseProblem(argv.quick, argv['time-limit'], info.name);
      await sparseProblem(info.name);
    }
    await nesterovVsNumpy(info.name);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
