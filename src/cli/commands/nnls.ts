/** `nmflow nnls`: min_{X ≥ 0} ½‖A X − B‖²_F from matrix files (or the Gram form G, C). */
import { NNLS_DEFAULTS, STEP_RULES } from '../../nnls/options';
import { nnls, nnlsGram, type IterationInfo, type NnlsOptions } from '../../nnls';
import { defineCommand, defined } from '../context';
import { dense, readMatrixArg, writeMatrixOut } from '../inputs';
import { createProgress } from '../progress';
import { table } from '../table';

export const nnlsCommand = defineCommand({
  command: 'nnls',
  describe: 'solve min_{X ≥ 0} ½‖A X − B‖²_F for matrix files A (m × n) and B (m × r)',
  examples: [
    ['$0 nnls --matrix A.csv --rhs b.csv --out x.csv', 'default solver, X written as CSV'],
    ['$0 nnls --matrix A.npy --rhs B.npy --solver active-set --json', 'exact solver, JSON summary'],
    ['$0 nnls --matrix G.mtx --rhs C.mtx --gram --out X.npy', 'Gram form: G = AᵀA, C = AᵀB'],
  ],
  outFile: { flag: 'out', formats: ['csv', 'tsv', 'npy', 'mtx', 'coo'] },
  builder: (y) =>
    y
      .option('matrix', {
        type: 'string',
        demandOption: true,
        describe: 'A (m × n): .csv, .tsv, .mtx, .npy, .coo or UCI docword file',
      })
      .option('rhs', { type: 'string', demandOption: true, describe: 'B (m × r), same formats' })
      .option('gram', {
        type: 'boolean',
        default: false,
        describe: '--matrix is G = AᵀA (n × n) and --rhs is C = AᵀB (n × r)',
      })
      .option('solver', {
        type: 'string',
        describe: `NNLS solver (default ${NNLS_DEFAULTS.solver})`,
      })
      .option('depth', { type: 'number', describe: 'overparametrized solvers: depth L of x = u^L' })
      .option('alpha', {
        type: 'number',
        describe: 'overparametrized solvers: initial x = alpha·1',
      })
      .option('step', { type: 'string', choices: STEP_RULES as string[], describe: 'step rule' })
      .option('tol', {
        type: 'number',
        describe: `relative KKT tolerance (default ${NNLS_DEFAULTS.tol})`,
      })
      .option('gap-tol', {
        type: 'number',
        describe: `relative objective-gap tolerance, certified by an exact solve (default ${NNLS_DEFAULTS.gapTol})`,
      })
      .option('max-iter', {
        type: 'number',
        describe: `iteration limit (default ${NNLS_DEFAULTS.maxIter})`,
      })
      .option('out', {
        type: 'string',
        describe:
          'write X (n × r) here, format by extension (.csv, .tsv, .npy, .mtx); default: CSV on stdout',
      }),
  run: async (args, ctx) => {
    const A = dense(await readMatrixArg(args.matrix, 'matrix'));
    const B = dense(await readMatrixArg(args.rhs, 'rhs'));
    const maxIter = args['max-iter'] ?? NNLS_DEFAULTS.maxIter;
    const progress = createProgress('nnls', maxIter, args.quiet || args.json);
    const options: NnlsOptions = defined({
      solver: args.solver,
      depth: args.depth,
      alpha: args.alpha,
      step: args.step as NnlsOptions['step'],
      tol: args.tol,
      gapTol: args['gap-tol'],
      maxIter,
      seed: args.seed,
      onIteration: (i: IterationInfo) => progress.update(i.iteration, i.objective, i.seconds),
    });
    let res;
    try {
      res = await (args.gram ? nnlsGram(A, B, options) : nnls(A, B, options));
    } finally {
      progress.stop();
    }
    const [n, r] = res.x.shape;
    // Exact answers (active-set, polish) are float64: written at full precision (CSV/TSV with
    // shortest round-trip decimals, NPY as <f8, JSON numbers); first-order answers as float32.
    const shape: [number, number] = [n, r];
    const X = res.xFloat64
      ? { data: res.xFloat64, shape }
      : { data: (await res.x.data()) as Float32Array, shape };
    res.x.dispose();
    const files = args.out ? await writeMatrixOut(args.out, X) : [];
    const summary = {
      solver: res.solver,
      iterations: res.iterations,
      converged: res.converged,
      stopReason: res.stopReason,
      objective: res.objective,
      kktResidual: res.kktResidual,
      seconds: res.seconds,
      shape: [n, r],
      ...(args.out ? { out: files[0] } : {}),
    };
    const human = table(
      ['solver', 'iterations', 'converged', 'stop', 'objective', 'KKT residual', 'seconds'],
      [
        [
          res.solver,
          res.iterations,
          res.converged,
          res.stopReason,
          res.objective,
          res.kktResidual,
          res.seconds,
        ],
      ],
    );
    ctx.matrixResult(summary, human, X, { key: 'x', writtenTo: files[0] });
  },
});
