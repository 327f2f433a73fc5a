/**
 * The kernel names of nmflow's NMF ops (ops.ts), in a module of their own: the registration
 * files import them without importing ops.ts, which imports the registration (no import cycle,
 * whose half-initialized constants would register kernels under the name "undefined").
 */
/** X·Hᵀ for a dense X (`n × m`) and H (`k × m`): `n × k`. */
export const TIMES_TRANSPOSED = 'NmflowTimesTransposed';
/** Wᵀ·X for a dense X (`n × m`) and W (`n × k`): `k × m`. */
export const TRANSPOSED_TIMES = 'NmflowTransposedTimes';
/** X·Hᵀ for X in CSR form (indptr, indices, values; attrs rows, cols). */
export const CSR_TIMES_TRANSPOSED = 'NmflowCsrTimesTransposed';
/** Wᵀ·X for X in CSR form. */
export const CSR_TRANSPOSED_TIMES = 'NmflowCsrTransposedTimes';
/**
 * Wᵀ·X for X in CSR form summed in float64, as two float32 outputs hi and lo (hi + lo the sums
 * to 2⁻⁴⁸ of them): host backends only (no composite form).
 */
export const CSR_TRANSPOSED_TIMES_SPLIT = 'NmflowCsrTransposedTimesSplit';
/** FᵀF for F `rows × k` (summed in float64, rounded to float32 once). */
export const GRAM = 'NmflowGram';
/** anls's overparametrized BB half-step over all columns, fused (see overparamHalfStep). */
export const OVERPARAM_HALF_STEP = 'NmflowOverparamHalfStep';
/** anls's half-step with an off-default NNLS engine or step rule (gram-steps-op.ts). */
export const GRAM_HALF_STEP = 'NmflowGramHalfStep';
/** hals's coordinate-descent sweeps over all rows, fused (see halsSweep). */
export const HALS_SWEEP = 'NmflowHalsSweep';
/** hals's sweeps on tensors (no state: the factor comes in and goes out; hals-half-op.ts). */
export const HALS_HALF = 'NmflowHalsHalf';

/** Every kernel name of nmflow's. */
export const NMFLOW_KERNEL_NAMES = [
  TIMES_TRANSPOSED,
  TRANSPOSED_TIMES,
  CSR_TIMES_TRANSPOSED,
  CSR_TRANSPOSED_TIMES,
  CSR_TRANSPOSED_TIMES_SPLIT,
  GRAM,
  OVERPARAM_HALF_STEP,
  GRAM_HALF_STEP,
  HALS_SWEEP,
  HALS_HALF,
] as const;
