/**
 * One playground job: a built-in data set factorized with nmflow's browser build, as
 * `window.nmflowPlayground.run(config)` and the `?run=<JSON>` query string do it.
 * X is `nSamples × nFeatures`, W `nSamples × rank`, H `rank × nFeatures`.
 */
import {
  factorize,
  generatedDatasets,
  initBackend,
  type Dataset,
  type NmfOptions,
} from '../src/browser';

/** The data sets the Factorize view offers (generated in code; no file needed). */
export const PLAYGROUND_DATASETS = ['swimmer', 'lowrank'] as const;

/** What a job takes; every field has a default. */
export interface PlaygroundConfig {
  /** `swimmer` (256 × 1024 images, default) or `lowrank` (planted rank 10, 200 × 100). */
  dataset?: (typeof PLAYGROUND_DATASETS)[number];
  rank?: number;
  /** `anls` (default), `hals`, `mu` or `overparam-joint`. */
  solver?: NmfOptions['solver'];
  init?: NmfOptions['init'];
  /** The implicit-bias scale α of anls's overparametrized NNLS (its `nnlsOptions.alpha`). */
  alpha?: number;
  maxIter?: number;
  /** Stopping tolerance; 0 runs maxIter iterations. */
  tol?: number;
  seed?: number;
  /** `webgl`, `wasm`, `cpu` or `auto` (default). */
  backend?: string;
}

/** What a job returns (the scripting hook's promise and `<pre id="nmflow-result">`). */
export interface PlaygroundResult {
  relativeError: number;
  iterations: number;
  backend: string;
  seconds: number;
}

/** Live progress and the final factors (H's rows; a copy) for the views. */
export interface PlaygroundHooks {
  onIteration?(iteration: number, relativeError: number): void;
  onComponents?(H: Float32Array, rank: number, data: Dataset): void;
  signal?: AbortSignal;
}

/** Runs one job; rejects with nmflow's error message on bad input. */
export async function runJob(
  config: PlaygroundConfig,
  hooks: PlaygroundHooks = {},
): Promise<PlaygroundResult> {
  const backend = await initBackend(config.backend ?? 'auto');
  const dataset = config.dataset ?? 'swimmer';
  if (!PLAYGROUND_DATASETS.includes(dataset)) {
    throw new Error(`unknown data set "${dataset}"; known: ${PLAYGROUND_DATASETS.join(', ')}`);
  }
  const seed = config.seed ?? 0;
  const data = await generatedDatasets.load(dataset, { seed });
  const solver = config.solver ?? 'anls';
  const options: NmfOptions = {
    rank: config.rank ?? 16,
    solver,
    maxIter: config.maxIter ?? 200,
    tol: config.tol ?? 1e-4,
    seed,
    ...(config.init ? { init: config.init } : {}),
    ...(config.alpha !== undefined && solver === 'anls'
      ? { nnlsOptions: { alpha: config.alpha } }
      : {}),
    onIteration: (info) => hooks.onIteration?.(info.iteration, info.relativeError),
    ...(hooks.signal ? { signal: hooks.signal } : {}),
  };
  const start = performance.now();
  const r = await factorize(data.X, options);
  const seconds = (performance.now() - start) / 1000;
  try {
    hooks.onComponents?.(r.H.dataSync() as Float32Array, r.H.shape[0], data);
  } finally {
    r.W.dispose();
    r.H.dispose();
  }
  return { relativeError: r.relativeError, iterations: r.nIter, backend: backend.name, seconds };
}
