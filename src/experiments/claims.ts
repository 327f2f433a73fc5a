/** Small helpers that turn numbers into claim verdicts, so each experiment states its test. */
import type { Claim } from './types';

/** Whether `values` never rises by more than `relTol` (relative) from one entry to the next. */
export function nonIncreasing(values: number[], relTol = 1e-3): boolean {
  return values.every((v, i) => i === 0 || v <= values[i - 1] * (1 + relTol) + 1e-12);
}

export function claim(text: string, supported: boolean | null, evidence: string): Claim {
  return { claim: text, supported, evidence };
}
