/**
 * NMF options: what the user may pass, and the frozen object the update rules read, resolved
 * once (defaults, ranges, solver/option cross-checks).
 */
import type { NmfCheckpointState } from './checkpointing';
import { usageError } from '../errors';
import type { MatrixInput } from '../linalg/matrix';
import { resolveNnlsOptions } from '../nnls/options';
import { solverNames } from '../nnls/registry';
import type { NnlsOptions } from '../nnls/types';
import { checkChoice, checkKnownKeys, checkNumber } from '../options';
import type { NmfIterationInfo } from './iteration-info';
import {
  defaultSolver,
  NMF_SOLVERS,
  requireSupport,
  solverDescriptor,
  type NmfSolver,
} from './solvers';

export { NMF_SOLVERS, requireSupport, type NmfSolver } from './solvers';
export type { NmfIterationInfo } from './iteration-info';
/** The initializations `factorize` accepts as `init` (`custom` takes `W` and `H`). */
export const NMF_INITS = ['random', 'nndsvd', 'nndsvda', 'nndsvdar', 'custom'] as const;
/** One of `NMF_INITS`. */
export type NmfInit = (typeof NMF_INITS)[number];
/** `frobenius` (β = 2), `kl` (Kullback–Leibler, β = 1), `is` (Itakura–Saito, β = 0) or any β. */
export type NmfLoss = 'frobenius' | 'kl' | 'is' | number;

/** Options of `factorize` and `new NMF`. X ≈ W H with W `nSamples × rank`, H `rank × nFeatures`. */
export interface NmfOptions {
  /** Number of components k. */
  rank: number;
  /** Update rule (default `anls` for the Frobenius loss without missing values, else `mu`). */
  solver?: NmfSolver;
  /** `anls` only: the NNLS solver of each half-step (default `overparam` when registered). */
  nnlsSolver?: string;
  /** `anls` only: options passed to the NNLS solver (alpha, depth, step, learningRate, …). */
  nnlsOptions?: Omit<NnlsOptions, 'solver' | 'x0' | 'onIteration' | 'signal' | 'history'>;
  /** Loss (default `frobenius`); anything else needs `mu` or `overparam-joint`. */
  loss?: NmfLoss;
  /** Initialization (default `nndsvda` when rank ≤ min(nSamples, nFeatures), else `random`). */
  init?: NmfInit;
  /** `init: 'custom'`: W (`nSamples × rank`) and H (`rank × nFeatures`), non-negative. */
  W?: MatrixInput;
  H?: MatrixInput;
  /** Outer iterations (default 200). */
  maxIter?: number;
  /** Stopping tolerance (default 1e-4; sklearn's rules, see factorize.ts). 0 runs maxIter. */
  tol?: number;
  /** Seed of every random choice (default 0). */
  seed?: number;
  /** Regularization of W, scaled by nFeatures as in sklearn (default 0). */
  alphaW?: number;
  /** Regularization of H, scaled by nSamples (default `same`: equal to alphaW). */
  alphaH?: number | 'same';
  /** Share of l1 in the regularization, in [0, 1] (default 0: pure l2). */
  l1Ratio?: number;
  /** Missing values: 1 (or true) where X is observed, 0 where missing; `nSamples × nFeatures`. */
  mask?: MatrixInput;
  /** Read NaN entries of X as missing values (default false: NaN is an error). */
  nanAsMissing?: boolean;
  /** Stop after this many seconds (checked at check points). */
  timeLimitSeconds?: number;
  /** Check point period (default 1 for `anls`/`hals`, 10 for `mu`/`overparam-joint`). */
  checkEvery?: number;
  /** `overparam-joint`: Adam step in units of the factor scale, max(rms √W₀, (mean(X)/k)^¼) (default 0.05). */
  learningRate?: number;
  /**
   * `hals` and `anls`: start each outer iteration from extrapolated factors (Ang & Gillis 2019,
   * see extrapolation.ts; default true). False gives the plain alternating updates.
   */
  extrapolate?: boolean;
  /** `overparam-joint`: initial scale s, W₀ = s·W_init, H₀ = s·H_init (default 1). */
  initScale?: number;
  onIteration?: (info: NmfIterationInfo) => void;
  onWarning?: (message: string) => void;
  signal?: AbortSignal;
  /** Memory limit in bytes for the memory guard (default: see `src/memory.ts`). */
  memoryLimit?: number;
  /** Call `onCheckpoint` at the first check point after every this many iterations. */
  checkpointEvery?: number;
  /** Call `onCheckpoint` at the first check point after every this many seconds. */
  checkpointSeconds?: number;
  /**
   * Receives the fit's state (see `checkpointing.ts`; `checkpointToDirectory(dir)` writes it)
   * when `checkpointEvery`/`checkpointSeconds` say so, and once more when the loop ends.
   */
  onCheckpoint?: (state: NmfCheckpointState) => void;
  /** Continues a fit from a checkpoint (`readNmfCheckpoint(dir)`) instead of initializing. */
  resumeFrom?: NmfCheckpointState;
}

/** The options after resolution; `W`, `H`, `mask` stay as given (read with the data). */
export interface ResolvedNmfOptions {
  readonly rank: number;
  readonly solver: NmfSolver;
  readonly nnlsSolver: string;
  readonly nnlsOptions: NmfOptions['nnlsOptions'];
  readonly loss: NmfLoss;
  /** β of the β-divergence: 2 Frobenius, 1 KL, 0 IS. */
  readonly beta: number;
  readonly init?: NmfInit;
  readonly W?: MatrixInput;
  readonly H?: MatrixInput;
  readonly maxIter: number;
  readonly tol: number;
  readonly seed: number;
  readonly alphaW: number;
  readonly alphaH: number;
  readonly l1Ratio: number;
  readonly mask?: MatrixInput;
  readonly nanAsMissing: boolean;
  readonly timeLimitSeconds: number;
  readonly checkEvery: number;
  readonly learningRate: number;
  readonly initScale: number;
  readonly extrapolate: boolean;
  readonly onIteration?: (info: NmfIterationInfo) => void;
  readonly onWarning?: (message: string) => void;
  readonly signal?: AbortSignal;
  readonly memoryLimit?: number;
  readonly checkpointEvery?: number;
  readonly checkpointSeconds?: number;
  readonly onCheckpoint?: (state: NmfCheckpointState) => void;
  readonly resumeFrom?: NmfCheckpointState;
}

/** The JSON-safe part of the resolved options (results, saved models). */
export type SerializableNmfOptions = Omit<
  ResolvedNmfOptions,
  | 'W'
  | 'H'
  | 'mask'
  | 'onIteration'
  | 'onWarning'
  | 'signal'
  | 'loss'
  | 'onCheckpoint'
  | 'resumeFrom'
> & { loss: string | number; masked: boolean };

const KNOWN: readonly (keyof NmfOptions)[] = [
  'rank',
  'solver',
  'nnlsSolver',
  'nnlsOptions',
  'loss',
  'init',
  'W',
  'H',
  'maxIter',
  'tol',
  'seed',
  'alphaW',
  'alphaH',
  'l1Ratio',
  'mask',
  'nanAsMissing',
  'timeLimitSeconds',
  'memoryLimit',
  'checkpointEvery',
  'checkpointSeconds',
  'onCheckpoint',
  'resumeFrom',
  'checkEvery',
  'learningRate',
  'initScale',
  'extrapolate',
  'onIteration',
  'onWarning',
  'signal',
];

const LOSS_BETA: Record<string, number> = { frobenius: 2, kl: 1, is: 0 };

/** The NNLS solver `anls` uses by default: `overparam` once it is registered, else `pgd`. */
export function defaultNnlsSolver(): string {
  return solverNames().includes('overparam') ? 'overparam' : 'pgd';
}

function betaOf(loss: unknown): number {
  if (typeof loss === 'number') return checkNumber('loss', loss);
  if (typeof loss === 'string' && loss in LOSS_BETA) return LOSS_BETA[loss];
  throw usageError(
    `option loss must be 'frobenius', 'kl', 'is' or a number β, got ${JSON.stringify(loss)}`,
  );
}

export function resolveNmfOptions(options: NmfOptions): ResolvedNmfOptions {
  if (typeof options !== 'object' || options === null) {
    throw usageError('NMF options must be an object with at least { rank }');
  }
  checkKnownKeys('NMF', options, KNOWN);
  const o = options;
  const rank = checkNumber('rank', o.rank, { min: 1, integer: true });
  const loss = o.loss ?? 'frobenius';
  const beta = betaOf(loss);
  const masked = o.mask !== undefined || o.nanAsMissing === true;
  const solver = checkChoice('solver', o.solver ?? defaultSolver(beta, masked), NMF_SOLVERS);
  const defaults = solverDescriptor(solver).defaults;
  if (beta !== 2) requireSupport(solver, 'loss', `loss ${JSON.stringify(loss)}`);
  if (masked) requireSupport(solver, 'mask', 'missing values (mask or nanAsMissing)');
  if (o.nnlsSolver !== undefined || o.nnlsOptions !== undefined) {
    requireSupport(solver, 'nnls', 'options nnlsSolver/nnlsOptions');
    if (masked) {
      throw usageError(
        'options nnlsSolver/nnlsOptions do not apply with missing values (mask or nanAsMissing): ' +
          'anls then solves each row exactly on its observed entries (Lawson–Hanson)',
      );
    }
  }
  if (o.learningRate !== undefined || o.initScale !== undefined) {
    requireSupport(solver, 'overparam', 'options learningRate/initScale');
  }
  if (o.extrapolate !== undefined) {
    if (typeof o.extrapolate !== 'boolean') {
      throw usageError(
        `option extrapolate must be true or false, got ${JSON.stringify(o.extrapolate)}`,
      );
    }
    if (o.extrapolate) requireSupport(solver, 'extrapolate', 'option extrapolate');
  }
  const nnlsSolver = o.nnlsSolver ?? defaultNnlsSolver();
  // Validate the engine's options now (names, ranges) rather than at the first half-step.
  resolveNnlsOptions({ ...(o.nnlsOptions ?? {}), solver: nnlsSolver }, solverNames());
  const init = o.init === undefined ? undefined : checkChoice('init', o.init, NMF_INITS);
  if ((o.W !== undefined || o.H !== undefined) && init !== 'custom') {
    throw usageError("options W and H are only used with init: 'custom'");
  }
  if (init === 'custom' && (o.W === undefined || o.H === undefined)) {
    throw usageError(
      "init: 'custom' needs both options W (nSamples × rank) and H (rank × nFeatures)",
    );
  }
  for (const name of ['onIteration', 'onWarning', 'onCheckpoint'] as const) {
    if (o[name] !== undefined && typeof o[name] !== 'function') {
      throw usageError(`option ${name} must be a function`);
    }
  }
  const alphaW = checkNumber('alphaW', o.alphaW ?? 0, { min: 0 });
  const alphaH =
    o.alphaH === undefined || o.alphaH === 'same'
      ? alphaW
      : checkNumber('alphaH', o.alphaH, { min: 0 });
  return Object.freeze({
    rank,
    solver,
    nnlsSolver,
    nnlsOptions: o.nnlsOptions,
    loss,
    beta,
    init,
    W: o.W,
    H: o.H,
    maxIter: checkNumber('maxIter', o.maxIter ?? defaults.maxIter, { min: 1, integer: true }),
    tol: checkNumber('tol', o.tol ?? defaults.tol, { min: 0 }),
    seed: checkNumber('seed', o.seed ?? 0, { integer: true }),
    alphaW,
    alphaH,
    l1Ratio: checkNumber('l1Ratio', o.l1Ratio ?? 0, { min: 0, max: 1 }),
    mask: o.mask,
    nanAsMissing: o.nanAsMissing ?? false,
    timeLimitSeconds: checkNumber('timeLimitSeconds', o.timeLimitSeconds ?? Infinity, {
      min: 0,
      exclusiveMin: true,
    }),
    checkEvery: checkNumber('checkEvery', o.checkEvery ?? defaults.checkEvery, {
      min: 1,
      integer: true,
    }),
    learningRate: checkNumber('learningRate', o.learningRate ?? 0.05, {
      min: 0,
      exclusiveMin: true,
    }),
    initScale: checkNumber('initScale', o.initScale ?? 1, { min: 0, exclusiveMin: true }),
    extrapolate: o.extrapolate ?? defaults.extrapolate,
    onIteration: o.onIteration,
    onWarning: o.onWarning,
    signal: o.signal,
    memoryLimit: o.memoryLimit,
    checkpointEvery:
      o.checkpointEvery === undefined
        ? undefined
        : checkNumber('checkpointEvery', o.checkpointEvery, { min: 1, integer: true }),
    checkpointSeconds:
      o.checkpointSeconds === undefined
        ? undefined
        : checkNumber('checkpointSeconds', o.checkpointSeconds, { min: 0, exclusiveMin: true }),
    onCheckpoint: o.onCheckpoint,
    resumeFrom: o.resumeFrom,
  });
}

/** The JSON-safe view of resolved options (no tensors, callbacks or signals). */
export function serializableOptions(o: ResolvedNmfOptions): SerializableNmfOptions {
  const rest = Object.fromEntries(
    Object.entries(o).filter(([key]) => !NOT_SERIALIZABLE.has(key)),
  ) as Omit<SerializableNmfOptions, 'masked'>;
  return { ...rest, masked: o.mask !== undefined || o.nanAsMissing };
}

/** Option values that are tensors, callbacks, signals or checkpoint state. */
const NOT_SERIALIZABLE = new Set([
  'W',
  'H',
  'mask',
  'onIteration',
  'onWarning',
  'signal',
  'onCheckpoint',
  'resumeFrom',
]);

/** sklearn's regularization scaling: penalties per factor. */
export interface Penalties {
  l1W: number;
  l2W: number;
  l1H: number;
  l2H: number;
}

/** Whether any of the penalties' weights is non-zero. */
export function isPenalized(p: Penalties): boolean {
  return p.l1W !== 0 || p.l2W !== 0 || p.l1H !== 0 || p.l2H !== 0;
}

/**
 * sklearn ≥ 1.2: l1_W = alphaW·l1Ratio·nFeatures, l2_W = alphaW·(1 − l1Ratio)·nFeatures, and
 * the same for H with nSamples. The objective adds l1·‖·‖₁ + ½·l2·‖·‖²_F per factor.
 */
export function penalties(o: ResolvedNmfOptions, nSamples: number, nFeatures: number): Penalties {
  return {
    l1W: o.alphaW * o.l1Ratio * nFeatures,
    l2W: o.alphaW * (1 - o.l1Ratio) * nFeatures,
    l1H: o.alphaH * o.l1Ratio * nSamples,
    l2H: o.alphaH * (1 - o.l1Ratio) * nSamples,
  };
}
