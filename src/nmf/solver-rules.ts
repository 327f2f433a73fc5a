/**
 * The update-rule factory of each NMF solver, beside its descriptor (`solvers.ts`): the one
 * place that maps a solver name to the code that runs it. Kept apart from the descriptors
 * because the rules import the resolved options, which read the descriptors.
 */
import { anls } from './anls';
import { anlsMasked } from './anls-masked';
import { hals } from './hals';
import { halsMasked } from './hals-masked';
import { maskable } from './masked-factors';
import { mu } from './mu';
import { overparamJoint } from './overparam-joint';
import type { RuleFactory } from './rule';
import { NMF_SOLVER_DESCRIPTORS, type NmfSolver, type NmfSolverDescriptor } from './solvers';

/** A solver's descriptor with the factory of its update rule. */
export interface NmfSolverEntry extends NmfSolverDescriptor {
  /** Builds the rule; solvers that take missing values pick their masked form on `data.mask`. */
  readonly rule: RuleFactory;
}

const RULES: Record<NmfSolver, RuleFactory> = {
  anls: maskable(anls, anlsMasked),
  mu,
  hals: maskable(hals, halsMasked),
  'overparam-joint': overparamJoint,
};

/** The descriptor and rule factory of `solver`. */
export function solverEntry(solver: NmfSolver): NmfSolverEntry {
  return { ...NMF_SOLVER_DESCRIPTORS[solver], rule: RULES[solver] };
}
