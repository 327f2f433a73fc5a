/**
 * Reproducible experiments: the paper's NNLS experiments as named, seeded definitions.
 * `runExperiment(name, {scale, seed, outDir, onProgress})` writes config.json, results.json,
 * timings.json, the SVG figures and summary.md to `outDir`; `listExperiments()` lists them.
 */
import { allExperiments } from './registry';
import type { Scale } from './types';

export { claimVerdict, runExperiment, EXPERIMENT_MANIFEST } from './runner';
export type { RunExperimentOptions, ExperimentRun } from './runner';
export { getExperiment, experimentNames } from './registry';
export { runExperimentTask, type ExperimentRunRef, type RemoteTasks } from './tasks';
export type * from './types';

export interface ExperimentListing {
  name: string;
  description: string;
  /** The default seed. */
  seed: number;
  /** NNLS solvers it needs. */
  solvers: readonly string[];
  /** Parameters per scale. */
  parameters: Record<Scale, object>;
}

/** The registered experiments, in order. */
export function listExperiments(): ExperimentListing[] {
  return allExperiments().map((e) => ({
    name: e.name,
    description: e.description,
    seed: e.seed,
    solvers: e.solvers,
    parameters: e.parameters,
  }));
}
