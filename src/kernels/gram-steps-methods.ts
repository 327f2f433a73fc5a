/**
 * The iterations of gramHalfStep's methods in float64 on column-contiguous arrays (column j of
 * the problem at j·k … j·k + k − 1), one MethodSpec per method: the math of the tensor solvers
 * (src/nnls/overparam.ts step rules fixed, armijo, exact; overparam-nesterov.ts,
 * overparam-mirror.ts, apg.ts, pgd.ts, whose doc comments state it; nnls-math.ts has the same
 * steps in the single-iteration kernels), each column advanced on its own.
 */
import type { GramMethod } from './gram-steps-attrs';
import { apg, mirror, nesterov, pgd } from './gram-steps-first-order';
import { armijo, exact, fixed } from './gram-steps-overparam';
import type { MethodSpec } from './gram-steps-problem';

export { ARMIJO_FACTORS } from './gram-steps-overparam';

export const METHODS: { [M in GramMethod]: MethodSpec } = {
  fixed,
  armijo,
  exact,
  'overparam-nesterov': nesterov,
  'overparam-mirror': mirror,
  apg,
  pgd,
};
