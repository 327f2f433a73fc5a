/** Experiments by name, in the order of the paper and issue 6. */
import { usageError } from '../errors';
import { acceleration } from './acceleration';
import { implicitBias } from './implicit-bias';
import { incrementalLearning } from './incremental-learning';
import { negativePerturbation } from './negative-perturbation';
import { nmfBias } from './nmf-bias';
import { nmfSpeed } from './nmf-speed';
import { sparseRecovery } from './sparse-recovery';
import { stepDecay } from './step-decay';
import { subsampledFourier } from './subsampled-fourier';
import type { Experiment } from './types';

/** Any experiment, whatever its parameter type. */
export type AnyExperiment = Experiment<object>;

const EXPERIMENTS: readonly AnyExperiment[] = [
  implicitBias,
  stepDecay,
  incrementalLearning,
  acceleration,
  sparseRecovery,
  negativePerturbation,
  subsampledFourier,
  nmfBias,
  nmfSpeed,
] as AnyExperiment[];

export function experimentNames(): string[] {
  return EXPERIMENTS.map((e) => e.name);
}

/** The experiment registered under `name`; unknown names fail with the list of known ones. */
export function getExperiment(name: string): AnyExperiment {
  const e = EXPERIMENTS.find((x) => x.name === name);
  if (!e) {
    throw usageError(
      `unknown experiment "${name}"; known experiments: ${experimentNames().join(', ')}`,
    );
  }
  return e;
}

/** All registered experiments. */
export function allExperiments(): readonly AnyExperiment[] {
  return EXPERIMENTS;
}
