/**
 * Public NNLS API: min_{X ≥ 0} ½‖A X − B‖²_F with A `m × n`, B `m × r` (or a length-m vector,
 * read as r = 1); all r columns are solved together. `nnlsGram` takes G = AᵀA (`n × n`) and
 * C = AᵀB (`n × r`) instead.
 */
import * as tf from '@tensorflow/tfjs-core';
import { usageError } from '../errors';
import { readMatrix, type MatrixOrVector } from '../linalg/matrix';
import { objective64 } from '../linalg/dense64';
import { checkNnlsMemory } from '../memory';
import { resolveNnlsOptions } from './options';
import {
  disposeProblem,
  problemFromGram,
  problemFromLeastSquares,
  scaledData,
  toFloat32Checked,
  unscaledData,
  unscaleSolution,
  type Unscale,
} from './problem';
import { measure } from './measures';
import { canCertify, polish } from './polish';
import { getSolver, isExactSolver, solverNames } from './registry';
import type { IterationInfo, NnlsOptions, NnlsProblem, NnlsResult, SolverOutput } from './types';

export type * from './types';
export { solverNames, getSolver, isExactSolver, needsNonNegativeData } from './registry';

/**
 * Solves min_{X ≥ 0} ½‖A X − B‖²_F. A: `m × n`; B: `m × r` or a vector of length m.
 * Returns X (`n × r`, a new tensor: dispose it) with iterations, convergence and measures.
 * Inputs: `number[][]`, `{data, shape}` or `tf.Tensor` (never disposed by nmflow).
 */
export async function nnls(
  A: MatrixOrVector,
  B: MatrixOrVector,
  options: NnlsOptions = {},
): Promise<NnlsResult> {
  const resolved = resolveNnlsOptions({ ...options, x0: undefined }, solverNames());
  const start = performance.now();
  checkNnlsMemory(A, B, resolved);
  const { problem, unscale } = problemFromLeastSquares(A, B, resolved.seed);
  return solve(problem, unscale, options, start);
}

/**
 * Solves the Gram form: min_{X ≥ 0} ½ tr(XᵀGX) − tr(CᵀX) (+ ½‖B‖² when `bNormSq` is given),
 * with G = AᵀA `n × n` and C = AᵀB `n × r` (or a vector of length n).
 */
export async function nnlsGram(
  G: MatrixOrVector,
  C: MatrixOrVector,
  options: NnlsOptions & { bNormSq?: number } = {},
): Promise<NnlsResult> {
  const { bNormSq, ...rest } = options;
  const resolved = resolveNnlsOptions({ ...rest, x0: undefined }, solverNames());
  const start = performance.now();
  checkNnlsMemory(G, C, { ...resolved, gram: true });
  const { problem, unscale } = problemFromGram(G, C, bNormSq ?? 0, resolved.seed);
  return solve(problem, unscale, rest, start);
}

async function solve(
  problem: NnlsProblem,
  unscale: Unscale,
  options: NnlsOptions,
  start: number,
): Promise<NnlsResult> {
  let x0: tf.Tensor2D | undefined;
  try {
    if (options.x0 !== undefined) x0 = scaledStart(options.x0, problem, unscale);
    const resolved = resolveNnlsOptions(
      {
        ...options,
        x0,
        alpha: options.alpha === undefined ? undefined : options.alpha / unscale.xScale,
        onIteration:
          options.onIteration &&
          ((info) =>
            options.onIteration!({ ...info, objective: info.objective * unscale.objectiveScale })),
      },
      solverNames(),
    );
    let out: SolverOutput =
      problem.cNorm === 0
        ? zeroSolution(problem)
        : await getSolver(resolved.solver)(problem, resolved);
    let polished = false;
    if (resolved.polish && problem.cNorm > 0 && !isExactSolver(resolved.solver)) {
      [out, polished] = applyPolish(problem, out, resolved.onIteration, start);
    }
    const { x64: scaled64, ...rest } = out;
    let x: tf.Tensor2D;
    let xFloat64: Float64Array | undefined;
    if (scaled64) {
      const shape = out.x.shape;
      xFloat64 = unscaledData(scaled64, problem.r, unscale);
      out.x.dispose();
      x = tf.tensor2d(toFloat32Checked(xFloat64), shape);
    } else {
      x = unscaleSolution(out.x, unscale);
      // Where float64 is affordable, report the objective of the very x returned, in float64
      // (the check point's float32 evaluation is good to ≈1e-5 relative only).
      if (canCertify(problem) && problem.cNorm > 0) {
        rest.objective = objective64(
          problem.float64(),
          scaledData(x.dataSync(), problem.r, unscale),
        );
      }
    }
    const s = unscale.objectiveScale;
    return {
      ...rest,
      ...(xFloat64 ? { xFloat64 } : {}),
      x,
      objective: rest.objective * s,
      history: out.history.map((h) => ({ ...h, objective: h.objective * s })),
      solver: resolved.solver,
      polished,
      seconds: (performance.now() - start) / 1000,
    };
  } finally {
    x0?.dispose();
    disposeProblem(problem);
  }
}

/**
 * Replaces a first-order answer by its polished (exact) form when that is no worse; reports the
 * polished point to `onIteration` and appends it to the history.
 */
function applyPolish(
  p: NnlsProblem,
  out: SolverOutput,
  onIteration: ((info: IterationInfo) => void) | undefined,
  start: number,
): [SolverOutput, boolean] {
  const res = polish(p, out.x);
  if (!res.x) return [out, false];
  out.x.dispose();
  const info = {
    iteration: out.iterations,
    objective: res.objective,
    kktResidual: measure(p, res.x).kktResidual,
    seconds: (performance.now() - start) / 1000,
  };
  onIteration?.(info);
  const converged = out.converged || res.exact;
  return [
    {
      ...out,
      x: res.x,
      x64: res.x64,
      converged,
      stopReason: converged ? 'tolerance' : out.stopReason,
      objective: info.objective,
      kktResidual: info.kktResidual,
      history: out.history.length > 0 ? [...out.history, info] : [],
    },
    true,
  ];
}

/** C = 0 (B = 0 or B ⟂ range(A)): X = 0 is optimal, since G is positive semi-definite. */
function zeroSolution(p: NnlsProblem) {
  const objective = 0.5 * p.bNormSq;
  return {
    x: tf.zeros([p.n, p.r]) as tf.Tensor2D,
    iterations: 0,
    converged: true,
    stopReason: 'tolerance' as const,
    objective,
    kktResidual: 0,
    history: [{ iteration: 0, objective, kktResidual: 0, seconds: 0 }],
  };
}

function scaledStart(x0: MatrixOrVector, p: NnlsProblem, unscale: Unscale): tf.Tensor2D {
  const { data, rows, cols } = readMatrix(x0, 'x0', { allowVector: true });
  if (rows !== p.n || cols !== p.r) {
    throw usageError(`option x0 must be ${p.n} × ${p.r}, got ${rows} × ${cols}`);
  }
  for (let i = 0; i < data.length; i++) {
    if (data[i] < 0) throw usageError(`option x0 must be non-negative; entry ${i} is ${data[i]}`);
  }
  return tf.tensor2d(Float32Array.from(scaledData(data, cols, unscale)), [rows, cols]);
}
