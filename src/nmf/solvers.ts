/**
 * One descriptor per NMF solver: what it can do (losses, missing values, sparse X, penalties,
 * NNLS engines, checkpoints, threads), its defaults and its stopping rule. Options, the loop,
 * the memory guard, saved models and the CLI ask the descriptor instead of testing names.
 *
 * X (`nSamples × nFeatures`) ≈ W H with W `nSamples × rank`, H `rank × nFeatures`.
 *
 * This file imports nothing from the rules, so `options.ts` can read it without an import
 * circle; `solver-rules.ts` pairs each descriptor with its update-rule factory.
 */
import { usageError } from '../errors';

/** The NMF update rules `factorize` accepts as `solver`, in the order messages list them. */
export const NMF_SOLVERS = ['anls', 'mu', 'hals', 'overparam-joint'] as const;
/** One of `NMF_SOLVERS`: `anls`, `mu`, `hals` or `overparam-joint`. */
export type NmfSolver = (typeof NMF_SOLVERS)[number];

/** The solver `factorize` uses without `solver`, and `selectRank` and the CLI's rank command. */
export const DEFAULT_NMF_SOLVER: NmfSolver = 'anls';
/** The default solver where `DEFAULT_NMF_SOLVER` cannot fit (another loss, missing values). */
export const FALLBACK_NMF_SOLVER: NmfSolver = 'mu';

/** What a solver accepts: each key is a feature that some solvers lack. */
export interface NmfSolverCapabilities {
  /** Losses other than Frobenius (β ≠ 2: `kl`, `is`, any β). */
  anyLoss: boolean;
  /**
   * Missing values (`mask` or `nanAsMissing`): `native` in the solver's own update,
   * `masked-rule` by switching to a masked rule (anls-masked.ts: exact Lawson–Hanson rows;
   * hals-masked.ts: masked sweeps), `none` not at all.
   */
  mask: 'native' | 'masked-rule' | 'none';
  /** A sparse (CSR) X (then with loss `frobenius` or `kl` only, whatever the solver). */
  sparse: boolean;
  /** The penalties alphaW, alphaH, l1Ratio (sklearn's scaling; see `penalties`). */
  penalties: boolean;
  /**
   * NNLS engines for the half-steps (`nnlsSolver`, `nnlsOptions`): `all` the registered ones,
   * `none` when the solver has no NNLS subproblem. With missing values `anls` solves each row
   * exactly (Lawson–Hanson) and takes no engine.
   */
  nnlsEngines: 'all' | 'none';
  /** Its own overparametrized options `learningRate` and `initScale`. */
  overparamOptions: boolean;
  /** Extrapolated outer iterations (`extrapolate`, Ang & Gillis 2019). */
  extrapolate: boolean;
  /**
   * What a resumed fit (`resumeFrom`) continues: `exact` the same iterates bit for bit,
   * `restarts-optimizer` the factors but not the optimizer's moments.
   */
  checkpoint: 'exact' | 'restarts-optimizer';
  /** Where the work runs: on nmflow's kernels (wasm threads where available) or plain tf ops. */
  threads: 'kernel-threads' | 'tf-ops';
}

/** How the loop decides that the fit converged (sklearn's rules, see factorize.ts). */
export type NmfStoppingRule =
  /** The projected-gradient violation the rule reports (`UpdateRule.violation`) fell to tol × its first value (sklearn `cd`). */
  | 'violation'
  /** The error decreased by less than tol × its initial value over ERROR_RULE_SPAN iterations (a rise stops too). */
  | 'error-decrease'
  /** As `error-decrease`, but a rise does not stop (the optimizer may rise briefly). */
  | 'error-decrease-nonnegative';

/** Everything the options, the loop, the memory guard and saved models know about a solver. */
export interface NmfSolverDescriptor {
  readonly name: NmfSolver;
  /** One line for help texts. */
  readonly summary: string;
  readonly capabilities: Readonly<NmfSolverCapabilities>;
  readonly defaults: Readonly<{
    /** Outer iterations. */
    maxIter: number;
    /** Stopping tolerance. */
    tol: number;
    /** Check point period. */
    checkEvery: number;
    /** Extrapolated updates (only where `capabilities.extrapolate`). */
    extrapolate: boolean;
  }>;
  readonly stopping: NmfStoppingRule;
  /** A multiplicative rule: zeros of the initialization stay zero (the fit warns of them). */
  readonly zerosStayZero: boolean;
  /**
   * Float32 copies of a factor its work keeps alive at once (the memory guard's estimate).
   * Counts as `src/memory.ts`'s table did by name: 5 for `mu`/`hals`, 10 (its default) otherwise.
   */
  readonly workCopies: number;
  /** The options of its own that a saved model keeps (beyond the shared ones). */
  readonly ownOptions: readonly ('nnlsSolver' | 'nnlsOptions' | 'learningRate' | 'initScale')[];
  /** What to try when its loss is not finite (the end of the divergence error). */
  divergenceHint(o: { nnlsSolver: string; learningRate: number }): string;
}

const SHARED_DEFAULTS = { maxIter: 200, tol: 1e-4 } as const;

/** The descriptors, one per solver. */
export const NMF_SOLVER_DESCRIPTORS: Readonly<Record<NmfSolver, NmfSolverDescriptor>> = {
  anls: {
    name: 'anls',
    summary: 'alternating NNLS half-steps, each solved by an NNLS engine (default overparam)',
    capabilities: {
      anyLoss: false,
      mask: 'masked-rule',
      sparse: true,
      penalties: true,
      nnlsEngines: 'all',
      overparamOptions: false,
      extrapolate: true,
      checkpoint: 'exact',
      threads: 'kernel-threads',
    },
    defaults: { ...SHARED_DEFAULTS, checkEvery: 1, extrapolate: true },
    stopping: 'error-decrease',
    zerosStayZero: false,
    workCopies: 10,
    ownOptions: ['nnlsSolver', 'nnlsOptions'],
    divergenceHint: (o) =>
      o.nnlsSolver !== 'overparam'
        ? 'try another nnlsSolver, solver "hals", or another seed'
        : GENERIC_HINT,
  },
  mu: {
    name: 'mu',
    summary: "Lee–Seung multiplicative updates (any β-divergence), as sklearn's 'mu'",
    capabilities: {
      anyLoss: true,
      mask: 'native',
      sparse: true,
      penalties: true,
      nnlsEngines: 'none',
      overparamOptions: false,
      extrapolate: false,
      checkpoint: 'exact',
      threads: 'kernel-threads',
    },
    defaults: { ...SHARED_DEFAULTS, checkEvery: 10, extrapolate: false },
    stopping: 'error-decrease',
    zerosStayZero: true,
    workCopies: 5,
    ownOptions: [],
    divergenceHint: () => GENERIC_HINT,
  },
  hals: {
    name: 'hals',
    summary: "hierarchical ALS / coordinate descent, as sklearn's 'cd'",
    capabilities: {
      anyLoss: false,
      mask: 'masked-rule',
      sparse: true,
      penalties: true,
      nnlsEngines: 'none',
      overparamOptions: false,
      extrapolate: true,
      checkpoint: 'exact',
      threads: 'kernel-threads',
    },
    defaults: { ...SHARED_DEFAULTS, checkEvery: 1, extrapolate: true },
    stopping: 'violation',
    zerosStayZero: false,
    workCopies: 5,
    ownOptions: [],
    divergenceHint: () => GENERIC_HINT,
  },
  'overparam-joint': {
    name: 'overparam-joint',
    summary: 'Adam on the overparametrized W = U⊙U, H = V⊙V jointly (any β-divergence)',
    capabilities: {
      anyLoss: true,
      mask: 'native',
      sparse: false,
      penalties: true,
      nnlsEngines: 'none',
      overparamOptions: true,
      extrapolate: false,
      checkpoint: 'restarts-optimizer',
      threads: 'tf-ops',
    },
    defaults: { ...SHARED_DEFAULTS, checkEvery: 10, extrapolate: false },
    stopping: 'error-decrease-nonnegative',
    zerosStayZero: false,
    workCopies: 10,
    ownOptions: ['learningRate', 'initScale'],
    divergenceHint: (o) =>
      `lower learningRate (now ${o.learningRate}) or use solver "hals" or "anls"`,
  },
};

const GENERIC_HINT = 'try another solver or seed, and please report it';

/** The descriptor of `solver` (a name already checked against `NMF_SOLVERS`). */
export function solverDescriptor(solver: NmfSolver): NmfSolverDescriptor {
  return NMF_SOLVER_DESCRIPTORS[solver];
}

/** The descriptor of `name` when it names an NMF solver, else undefined. */
export function findSolverDescriptor(name: string | undefined): NmfSolverDescriptor | undefined {
  return name !== undefined && (NMF_SOLVERS as readonly string[]).includes(name)
    ? NMF_SOLVER_DESCRIPTORS[name as NmfSolver]
    : undefined;
}

/** A feature some solvers lack, as `requireSupport` checks it. */
export type NmfFeature = 'loss' | 'mask' | 'sparse' | 'nnls' | 'overparam' | 'extrapolate';

const HAS: Record<NmfFeature, (c: Readonly<NmfSolverCapabilities>) => boolean> = {
  loss: (c) => c.anyLoss,
  mask: (c) => c.mask !== 'none',
  sparse: (c) => c.sparse,
  nnls: (c) => c.nnlsEngines !== 'none',
  overparam: (c) => c.overparamOptions,
  extrapolate: (c) => c.extrapolate,
};

/** Whether `solver` supports `feature`. */
export function supports(solver: NmfSolver, feature: NmfFeature): boolean {
  return HAS[feature](NMF_SOLVER_DESCRIPTORS[solver].capabilities);
}

/**
 * The solvers that support `feature` (for "use one of …" messages), in `NMF_SOLVERS` order;
 * for missing values those that take them natively first, then those that switch rules.
 */
export function solversSupporting(feature: NmfFeature): NmfSolver[] {
  const ok = NMF_SOLVERS.filter((s) => supports(s, feature));
  if (feature !== 'mask') return ok;
  const native = (s: NmfSolver) => NMF_SOLVER_DESCRIPTORS[s].capabilities.mask === 'native';
  return [...ok.filter(native), ...ok.filter((s) => !native(s))];
}

/** Throws unless `solver` supports `feature`, naming the solvers that do. */
export function requireSupport(solver: NmfSolver, feature: NmfFeature, what: string): void {
  if (!supports(solver, feature)) {
    throw usageError(
      `${what} is not supported by solver "${solver}"; solvers that support it: ${solversSupporting(feature).join(', ')}`,
    );
  }
}

/**
 * The solver used when none is given: `DEFAULT_NMF_SOLVER` for the Frobenius loss without
 * missing values, else `FALLBACK_NMF_SOLVER` (which supports both).
 */
export function defaultSolver(beta: number, masked: boolean): NmfSolver {
  return beta === 2 && !masked ? DEFAULT_NMF_SOLVER : FALLBACK_NMF_SOLVER;
}
