/** Solvers by name. Every solver implements the `NnlsSolver` contract of `types.ts`. */
import { usageError } from '../errors';
import { activeSet } from './active-set';
import { apg } from './apg';
import { hals } from './hals';
import { mu } from './mu';
import { overparam } from './overparam';
import { overparamMirror } from './overparam-mirror';
import { overparamNesterov } from './overparam-nesterov';
import { pgd } from './pgd';
import type { NnlsSolver } from './types';

const SOLVERS: Record<string, NnlsSolver> = {
  overparam,
  'overparam-nesterov': overparamNesterov,
  'overparam-mirror': overparamMirror,
  pgd,
  apg,
  mu,
  hals,
  'active-set': activeSet,
};

/** Solvers whose answer is exact (float64); `polish` does not apply to them. */
const EXACT = new Set(['active-set']);
/** Solvers defined only for G ≥ 0 and C ≥ 0 entrywise (A, B ≥ 0 suffices). */
const NONNEGATIVE_DATA = new Set(['mu']);

/** Names of the registered solvers. */
export function solverNames(): string[] {
  return Object.keys(SOLVERS);
}

/** The solver registered under `name`; unknown names fail with the list of known ones. */
export function getSolver(name: string): NnlsSolver {
  const solver = SOLVERS[name];
  if (!solver)
    throw usageError(`unknown NNLS solver "${name}"; known solvers: ${solverNames().join(', ')}`);
  return solver;
}

/** True for the exact solvers (no `polish` step after them). */
export function isExactSolver(name: string): boolean {
  return EXACT.has(name);
}

/** True for solvers that reject problems with a negative entry in G = AᵀA or C = AᵀB. */
export function needsNonNegativeData(name: string): boolean {
  return NONNEGATIVE_DATA.has(name);
}
