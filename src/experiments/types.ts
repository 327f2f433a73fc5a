/**
 * The experiment contract. An experiment is a named, seeded, typed definition: a description,
 * its parameters at each scale (`smoke`: seconds, for the tests; `full`: the README figures),
 * its default seed, and `run(ctx)`, which returns raw results, plots, a table and one verdict
 * per claim. The runner (`runner.ts`) writes them to disk.
 */
export type Scale = 'smoke' | 'full';
export const SCALES: readonly Scale[] = ['smoke', 'full'];

/** What `run` receives. */
export interface ExperimentContext<P> {
  scale: Scale;
  /** Base seed; experiments with repetitions use seed, seed + 1, … */
  seed: number;
  /** The parameters for this scale. */
  params: P;
  /** Progress messages; `fraction` in [0, 1] when known. Math never prints. */
  progress: (message: string, fraction?: number) => void;
  /**
   * Runs the experiment's task `task` (an entry of `Experiment.tasks`) once per input and
   * returns the results in the order of `inputs`: one after the other in this process, or as
   * jobs on Redis workers (`nmflow experiment --redis`), with the same results. Inputs must be
   * JSON-safe; results may hold typed arrays. `onDone(i)` as each one finishes (any order).
   */
  runTasks: <I, R>(task: string, inputs: I[], onDone?: (index: number) => void) => Promise<R[]>;
}

/** What a task receives besides its input (a worker has no progress channel). */
export type TaskContext<P> = Pick<ExperimentContext<P>, 'scale' | 'seed' | 'params'>;

/** A claim of the paper and whether this run's numbers support it. */
export interface Claim {
  /** The claim, stated so that a reader can check it. */
  claim: string;
  /** True / false when the numbers decide it; null when this run cannot (e.g. too small). */
  supported: boolean | null;
  /** The numbers behind the verdict, in one sentence. */
  evidence: string;
}

/** One figure: `file` is a base name (written as `file.svg`). */
export interface Plot {
  file: string;
  caption: string;
  svg: string;
}

export interface Table {
  columns: string[];
  rows: (string | number)[][];
}

/** What `run` returns. Only `results` must be deterministic; `timings` are kept apart. */
export interface ExperimentOutput {
  /** Raw numbers, JSON-serializable; identical for the same seed on the same backend. */
  results: Record<string, unknown>;
  /** Seconds measured by the run (written to timings.json, never to results.json). */
  timings?: Record<string, unknown>;
  plots: Plot[];
  /** Other artifacts (component images as PNG, topic lists), written under their names. */
  files?: { name: string; data: string | Uint8Array; caption: string }[];
  /** The table in summary.md (may include times). */
  table: Table;
  claims: Claim[];
  /** Extra sentences for summary.md (deviations from the paper's settings, caveats). */
  notes?: string[];
}

export interface Experiment<P = Record<string, unknown>> {
  name: string;
  /** One paragraph: what is run and what it shows. */
  description: string;
  parameters: Record<Scale, P>;
  /** The default seed (the paper's where it gives one). */
  seed: number;
  /** NNLS solvers (registry names) the experiment calls. */
  solvers: readonly string[];
  run(ctx: ExperimentContext<P>): Promise<ExperimentOutput>;
  /**
   * The independent runs `run` hands to `ctx.runTasks`, by name: deterministic functions of
   * their input and the context (a worker elsewhere computes what this process would).
   */
  tasks?: Record<string, (input: unknown, ctx: TaskContext<P>) => Promise<unknown>>;
}
