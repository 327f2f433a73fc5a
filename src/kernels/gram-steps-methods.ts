/**
 * The iterations of gramHalfStep's methods in float64 on column-contiguous arrays (column j of
 * the problem at j·k … j·k + k − 1), one function per method: the math of the tensor solvers
 * (src/nnls/overparam.ts step rules fixed, armijo, exact; overparam-nesterov.ts,
 * overparam-mirror.ts, apg.ts, pgd.ts, whose doc comments state it; nnls-math.ts has the same
 * steps in the single-iteration kernels), each column advanced on its own.
 */
import type { GramStepAttrs } from './gram-steps-attrs';
import { apg, mirror, nesterov, pgd } from './gram-steps-first-order';
import { armijo, exact, fixed } from './gram-steps-overparam';
import type { GramProblem, MethodState } from './gram-steps-problem';

export { ARMIJO_FACTORS } from './gram-steps-overparam';
export { gradientInto, type GramProblem, type MethodState } from './gram-steps-problem';

const METHODS = {
  fixed,
  armijo,
  exact,
  'overparam-nesterov': nesterov,
  'overparam-mirror': mirror,
  apg,
  pgd,
};

/** The method of `a.method`, started from `start` (r columns of k, not modified). */
export function makeMethod(p: GramProblem, a: GramStepAttrs, start: Float64Array): MethodState {
  return METHODS[a.method](p, a, start);
}
