/**
 * Iterations and time to a KKT tolerance for each overparametrized solver variant, on the
 * paper's sparse-recovery problem: A 200 × 500 with entries N(0, 1/200), x* with 25 non-zeros
 * |N(0,1)| normalized to ‖x*‖₂ = 1, b = A x* (PAPER-EXPERIMENTS.md).
 *
 *   npm run build && node dist/scripts/bench-overparam.js [--tol 1e-6] [--backend wasm]
 *       [--alpha 1e-3] [--seed 0] [--maxIter 20000] [--only 1,6]
 *       [--learningRate η]
 *
 * Prints one row per variant: iterations, seconds, stop reason, KKT residual, ‖Ax − b‖ and
 * l1(x)/l1(x*). Timings are wall-clock on a possibly shared machine: compare rows of one run.
 */
import yargs from 'yargs';
import { initBackend, nnls, type NnlsOptions } from '../src';
import { Rng } from '../src/random';

const VARIANTS: { name: string; options: NnlsOptions }[] = [
  { name: 'overparam (default: bb, L=2)', options: {} },
  { name: 'overparam exact', options: { step: 'exact' } },
  { name: 'overparam armijo', options: { step: 'armijo' } },
  { name: 'overparam fixed η=1/λ', options: { step: 'fixed', learningRate: 1 } },
  { name: 'overparam default, L=3', options: { depth: 3 } },
  { name: 'overparam-nesterov', options: { solver: 'overparam-nesterov' } },
  { name: 'overparam-mirror', options: { solver: 'overparam-mirror' } },
];

function sparseRecovery(m: number, n: number, s: number, seed: number) {
  const rng = new Rng(seed);
  const A = new Float64Array(m * n);
  for (let i = 0; i < A.length; i++) A[i] = rng.normal() / Math.sqrt(m);
  const xStar = new Float64Array(n);
  for (let j = 0; j < s; j++) xStar[j] = Math.abs(rng.normal());
  const norm = Math.hypot(...xStar);
  for (let j = 0; j < s; j++) xStar[j] /= norm;
  const b = new Float64Array(m);
  for (let i = 0; i < m; i++) for (let j = 0; j < s; j++) b[i] += A[i * n + j] * xStar[j];
  return { A, b, xStar };
}

async function main() {
  const args = yargs(process.argv.slice(2))
    .option('tol', { type: 'number', default: 1e-6 })
    .option('backend', { type: 'string', default: 'wasm' })
    .option('alpha', { type: 'number' })
    .option('learningRate', { type: 'number' })
    .option('seed', { type: 'number', default: 0 })
    .option('maxIter', { type: 'number', default: 20000 })
    .option('only', { type: 'string', describe: 'comma-separated variant numbers (1-based)' })
    .strict()
    .parseSync();
  const info = await initBackend(args.backend);
  const [m, n, s] = [200, 500, 25];
  const { A, b, xStar } = sparseRecovery(m, n, s, args.seed);
  const l1Star = xStar.reduce((acc, v) => acc + v, 0);
  console.log(`backend ${info.name}; A ${m}×${n}, s = ${s}, tol ${args.tol}, seed ${args.seed}`);
  console.log(
    'variant'.padEnd(30),
    'iters'.padStart(6),
    'seconds'.padStart(8),
    'stop'.padStart(10),
    'kkt'.padStart(9),
    '‖Ax−b‖'.padStart(9),
    'l1/l1*'.padStart(7),
  );
  const picked = args.only ? args.only.split(',').map((i) => VARIANTS[Number(i) - 1]) : VARIANTS;
  for (const v of picked) {
    const res = await nnls({ data: A, shape: [m, n] }, b, {
      tol: args.tol,
      maxIter: args.maxIter,
      alpha: args.alpha,
      learningRate: args.learningRate,
      history: false,
      ...v.options,
    });
    const x = res.x.dataSync();
    res.x.dispose();
    let l1 = 0;
    for (const value of x) l1 += value;
    let r2 = 0;
    for (let i = 0; i < m; i++) {
      let ri = -b[i];
      for (let j = 0; j < n; j++) ri += A[i * n + j] * x[j];
      r2 += ri * ri;
    }
    console.log(
      v.name.padEnd(30),
      String(res.iterations).padStart(6),
      res.seconds.toFixed(2).padStart(8),
      res.stopReason.padStart(10),
      res.kktResidual.toExponential(1).padStart(9),
      Math.sqrt(r2).toExponential(1).padStart(9),
      (l1 / l1Star).toFixed(3).padStart(7),
    );
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
