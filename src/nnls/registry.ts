/** Solvers by name. Every solver implements the `NnlsSolver` contract of `types.ts`. */
import { usageError } from '../errors';
import { overparam } from './overparam';
import { overparamMirror } from './overparam-mirror';
import { overparamNesterov } from './overparam-nesterov';
import { pgd } from './pgd';
import type { NnlsSolver } from './types';

const SOLVERS: Record<string, NnlsSolver> = {
  overparam,
  'overparam-mirror': overparamMirror,
  'overparam-nesterov': overparamNesterov,
  pgd,
};

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
