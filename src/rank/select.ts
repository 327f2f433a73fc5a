/**
 * `selectRank`: which k for X (`nSamples × nFeatures`) ≈ W H (W `nSamples × k`, H
 * `k × nFeatures`)? Fits every rank of `ranks` once per seed and scores it:
 *
 * - `cv` (cross-validation, as RcppML's speckled hold-out): per seed, a random `holdOut` share
 *   of the entries is held out as missing (the same entries for every rank, so ranks are
 *   compared on paired data), the rest fitted by a solver that supports masks, and the
 *   relative error on the held-out entries measured (`heldOutError`; `fitError` on the fitted
 *   ones). The choice is by the one-standard-error rule (Hastie, Tibshirani & Friedman, ESL
 *   §7.10), paired by seed: the smallest rank whose held-out error exceeds that of the rank
 *   with the lowest mean by at most one standard error of the per-seed differences (every
 *   rank saw the same hold-out for a seed, so the differences are free of the mask-to-mask
 *   variation that dominates the raw spread over seeds). Past the true rank the held-out error is nearly flat (extra
 *   components fit a little noise), so the plain minimum there is decided by seed noise and
 *   tends to overshoot; the rule picks the most parsimonious rank that the data cannot tell
 *   from the best (`cvRule: 'min'` takes the plain minimum).
 * - `consensus` (Brunet et al. 2004): the fits from random starts at each rank give the
 *   consensus matrix of the samples' argmax clusters, scored by cophenetic correlation,
 *   dispersion and PAC (consensus.ts), and the stability of the components across seeds: the
 *   mean cosine of matched components (`compareFactorizations`) over all pairs of seeds.
 *   The choice is Brunet's: the rank after which the cophenetic correlation falls the most
 *   (the largest rank reaching the highest cophenetic correlation when it never falls);
 *   `choices.stability` applies the same rule to the stability. Consensus scores describe a
 *   clustering of the samples: on data whose samples mix several components (no clusters)
 *   they are noisy with few seeds, and the stability is the more telling of the two.
 *
 * With `method: 'both'` both run; `chosen` is the cross-validation choice and `choices`
 * holds both. Jobs (rank × seed × kind) are independent and deterministic: with
 * `concurrency` > 1 they run on worker threads (pool.ts), with the same results, except on
 * `tensorflow`: tfjs-node loaded in worker threads crashed the process (SIGSEGV) in about one
 * run of twelve on a loaded machine, so there they run in this thread, in order.
 */
import * as tf from '@tensorflow/tfjs-core';
import { usageError } from '../errors';
import { readMatrix, type MatrixInput } from '../linalg/matrix';
import { compareFactorizations } from '../nmf/metrics';
import { NMF_INITS, type NmfInit } from '../nmf/options';
import { DEFAULT_NMF_SOLVER, NMF_SOLVERS, requireSupport, type NmfSolver } from '../nmf/solvers';
import { checkChoice, checkKnownKeys, checkNumber } from '../options';
import { consensusMap, consensusMatrix, consensusScores } from './consensus';
import {
  runRankJob,
  type DenseX,
  type FitSettings,
  type RankJob,
  type RankJobResult,
} from './jobs';

/** The rank-selection methods of `selectRank`: cross-validation, consensus, or both. */
export const RANK_METHODS = ['cv', 'consensus', 'both'] as const;
/** One of RANK_METHODS. */
export type RankMethod = (typeof RANK_METHODS)[number];
/** The scores `selectRank` reports per rank (cv: heldOutError, fitError; consensus: the rest). */
export type RankScoreName =
  'heldOutError' | 'fitError' | 'cophenetic' | 'dispersion' | 'pac' | 'stability';

/** Progress of `selectRank`, reported after each finished fit. */
export interface RankProgress {
  /** Jobs finished and in all. */
  done: number;
  total: number;
  job: RankJob;
  /** The finished fit's relative error: on the held-out entries (cv), on X (consensus). */
  error: number;
  /** Seconds since the selection started. */
  seconds: number;
}

/** Options of `selectRank(X, options)`; X is nSamples × nFeatures. */
export interface SelectRankOptions {
  /** Ranks to try, each an integer in [1, min(nSamples, nFeatures)] (sorted, duplicates dropped). */
  ranks: number[];
  /** `cv` (default), `consensus` or `both`. */
  method?: RankMethod;
  /** Fits per rank and method (default 3); seeds seed, seed + 1, … */
  seeds?: number;
  /** First seed (default 0). */
  seed?: number;
  /** NMF update rule (default `anls`); `cv` needs one that supports masks. */
  solver?: NmfSolver;
  /** Outer iterations per fit (default 200). */
  maxIter?: number;
  /** Stopping tolerance per fit (default 1e-4). */
  tol?: number;
  /** `cv`: share of the entries held out (default 0.1). */
  holdOut?: number;
  /** `cv`: the choice rule, `one-se` (default) or `min`. */
  cvRule?: 'one-se' | 'min';
  /**
   * `cv`: initialization of the fits (default `random`, by the seed: an SVD start from data whose
   * held-out entries read as zeros starts far off, and `anls` then stalls at ≈0.25 relative error
   * on Swimmer where the random start reaches 2e-4).
   */
  init?: NmfInit;
  /**
   * Jobs run at once on worker threads (default 1: in this thread, in order; always so on the
   * `tensorflow` backend, see above).
   */
  concurrency?: number;
  /**
   * Runs the jobs elsewhere instead (e.g. on Redis workers, src/distributed): must return
   * `runRankJob`'s result for each job, in the jobs' order, calling `onDone` as each finishes.
   */
  runJobs?: (
    X: DenseX,
    jobs: RankJob[],
    settings: FitSettings,
    onDone: (r: RankJobResult) => void,
  ) => Promise<RankJobResult[]>;
  /** `consensus`: side in pixels of the consensus maps returned (default 200; 0: none). */
  mapSize?: number;
  onProgress?: (p: RankProgress) => void;
  onWarning?: (message: string) => void;
}

/** A chosen rank and, in words, the rule that chose it. */
export interface RankChoice {
  rank: number;
  rule: string;
}

/** The result of `selectRank`: scores per rank (with their spread over seeds) and the choice. */
export interface RankSelection {
  ranks: number[];
  method: RankMethod;
  seeds: number[];
  /** Per score, its value per rank (mean over seeds for `heldOutError`, `fitError`, `stability`). */
  scores: Partial<Record<RankScoreName, number[]>>;
  /** Per score with a spread: its standard deviation per rank (over seeds, or pairs of seeds). */
  spread: Partial<Record<RankScoreName, number[]>>;
  /** `cv`: the held-out error per rank (rows) and seed (columns). */
  heldOutErrorBySeed?: number[][];
  chosen: number;
  rule: string;
  choices: {
    cv?: RankChoice & {
      /** The rank of least held-out error for each seed alone. */ bySeed: number[];
    };
    consensus?: RankChoice;
    /** `consensus`: the rank after which the stability of the components falls the most. */
    stability?: RankChoice;
  };
  /** `consensus`: each rank's consensus matrix in dendrogram order, averaged to ≤ mapSize². */
  consensusMaps?: { rank: number; size: number; data: Float32Array }[];
  seconds: number;
  /** Distinct warnings of the fits, each with the number of fits that gave it. */
  warnings: string[];
}

const KNOWN: (keyof SelectRankOptions)[] = [
  'ranks',
  'method',
  'seeds',
  'seed',
  'solver',
  'maxIter',
  'tol',
  'holdOut',
  'cvRule',
  'init',
  'concurrency',
  'runJobs',
  'mapSize',
  'onProgress',
  'onWarning',
];

/** Chooses the rank of X (dense, non-negative): see the file comment for the rules. */
export async function selectRank(
  X: MatrixInput,
  options: SelectRankOptions,
): Promise<RankSelection> {
  const start = performance.now();
  if (typeof options !== 'object' || options === null) {
    throw usageError('selectRank options must be an object with at least { ranks }');
  }
  checkKnownKeys('selectRank', options, KNOWN);
  const read = readMatrix(X, 'X');
  const dense: DenseX = { data: Float32Array.from(read.data), shape: [read.rows, read.cols] };
  const [n, m] = dense.shape;
  const o = resolve(options, Math.min(n, m));
  const seeds = Array.from({ length: o.seeds }, (_, s) => o.seed + s);
  const kinds: RankJob['kind'][] = o.method === 'both' ? ['cv', 'consensus'] : [o.method];
  const jobs: RankJob[] = kinds.flatMap((kind) =>
    o.ranks.flatMap((rank) => seeds.map((seed) => ({ kind, rank, seed }))),
  );
  const settings: FitSettings = {
    solver: o.solver,
    maxIter: o.maxIter,
    tol: o.tol,
    holdOut: o.holdOut,
    ...(o.init ? { cvInit: o.init } : {}),
  };
  let done = 0;
  const onDone = (r: RankJobResult) =>
    options.onProgress?.({
      done: ++done,
      total: jobs.length,
      job: { kind: r.kind, rank: r.rank, seed: r.seed },
      error: r.heldOutError ?? r.fitError ?? NaN,
      seconds: (performance.now() - start) / 1000,
    });
  const results = options.runJobs
    ? await options.runJobs(dense, jobs, settings, onDone)
    : o.concurrency > 1 && workersCanRun(tf.getBackend())
      ? await (await import('./pool')).runOnThreads(dense, jobs, settings, o.concurrency, onDone)
      : await runInOrder(dense, jobs, settings, onDone);
  const warnings = countWarnings(results);
  for (const w of warnings) options.onWarning?.(w);
  const selection: RankSelection = {
    ranks: o.ranks,
    method: o.method,
    seeds,
    scores: {},
    spread: {},
    chosen: 0,
    rule: '',
    choices: {},
    seconds: 0,
    warnings,
  };
  const of = (kind: RankJob['kind'], rank: number) =>
    results.filter((r) => r.kind === kind && r.rank === rank);
  if (kinds.includes('cv')) scoreCv(selection, of, o.cvRule);
  if (kinds.includes('consensus')) scoreConsensus(selection, of, n, m, o.mapSize);
  const primary = selection.choices.cv ?? selection.choices.consensus!;
  selection.chosen = primary.rank;
  selection.rule = primary.rule;
  selection.seconds = (performance.now() - start) / 1000;
  return selection;
}

type Resolved = Required<
  Omit<SelectRankOptions, 'init' | 'onProgress' | 'onWarning' | 'runJobs'>
> & {
  init?: NmfInit;
};

function resolve(o: SelectRankOptions, most: number): Resolved {
  if (!Array.isArray(o.ranks) || o.ranks.length === 0) {
    throw usageError('option ranks must be a non-empty array of integers');
  }
  const ranks = [
    ...new Set(o.ranks.map((k) => checkNumber('ranks', k, { min: 1, max: most, integer: true }))),
  ].sort((a, b) => a - b);
  const method = checkChoice('method', o.method ?? 'cv', RANK_METHODS);
  const solver = checkChoice('solver', o.solver ?? DEFAULT_NMF_SOLVER, NMF_SOLVERS);
  if (method !== 'consensus') requireSupport(solver, 'mask', 'cross-validation (a hold-out mask)');
  const seeds = checkNumber('seeds', o.seeds ?? 3, { min: 1, integer: true });
  if (method !== 'cv' && seeds < 2) {
    throw usageError(
      `option seeds must be at least 2 for ${method} (a consensus needs several fits), got ${seeds}`,
    );
  }
  for (const f of ['onProgress', 'onWarning', 'runJobs'] as const) {
    if (o[f] !== undefined && typeof o[f] !== 'function')
      throw usageError(`option ${f} must be a function`);
  }
  return {
    ranks,
    method,
    seeds,
    seed: checkNumber('seed', o.seed ?? 0, { integer: true }),
    solver,
    maxIter: checkNumber('maxIter', o.maxIter ?? 200, { min: 1, integer: true }),
    tol: checkNumber('tol', o.tol ?? 1e-4, { min: 0 }),
    holdOut: checkNumber('holdOut', o.holdOut ?? 0.1, { min: 0, max: 1, exclusiveMin: true }),
    cvRule: checkChoice('cvRule', o.cvRule ?? 'one-se', ['one-se', 'min'] as const),
    init: o.init === undefined ? undefined : checkChoice('init', o.init, NMF_INITS),
    concurrency: checkNumber('concurrency', o.concurrency ?? 1, { min: 1, integer: true }),
    mapSize: checkNumber('mapSize', o.mapSize ?? 200, { min: 0, integer: true }),
  };
}

async function runInOrder(
  X: DenseX,
  jobs: RankJob[],
  settings: FitSettings,
  onDone: (r: RankJobResult) => void,
): Promise<RankJobResult[]> {
  const out: RankJobResult[] = [];
  for (const job of jobs) {
    const r = await runRankJob(X, job, settings);
    out.push(r);
    onDone(r);
  }
  return out;
}

function countWarnings(results: RankJobResult[]): string[] {
  const counts = new Map<string, number>();
  for (const r of results)
    for (const w of new Set(r.warnings)) counts.set(w, (counts.get(w) ?? 0) + 1);
  return [...counts].map(([w, c]) => `${c} of ${results.length} fits: ${w}`);
}

function mean(v: number[]): number {
  return v.reduce((s, x) => s + x, 0) / v.length;
}

/** Sample standard deviation (0 for one value). */
function std(v: number[]): number {
  if (v.length < 2) return 0;
  const mu = mean(v);
  return Math.sqrt(v.reduce((s, x) => s + (x - mu) ** 2, 0) / (v.length - 1));
}

type ResultsOf = (kind: RankJob['kind'], rank: number) => RankJobResult[];

function scoreCv(sel: RankSelection, of: ResultsOf, rule: 'one-se' | 'min'): void {
  const bySeed = sel.ranks.map((k) => of('cv', k).map((r) => r.heldOutError!));
  const fit = sel.ranks.map((k) => of('cv', k).map((r) => r.fitError!));
  const means = bySeed.map(mean);
  sel.heldOutErrorBySeed = bySeed;
  sel.scores.heldOutError = means;
  sel.spread.heldOutError = bySeed.map(std);
  sel.scores.fitError = fit.map(mean);
  sel.spread.fitError = fit.map(std);
  const best = argmin(means);
  // Paired by seed: every rank saw the same hold-out for a given seed, so the differences to
  // the best rank are free of the mask-to-mask variation that dominates the raw spread.
  const paired = bySeed.map((row) => {
    const d = row.map((v, s) => v - bySeed[best][s]);
    return { mean: mean(d), se: std(d) / Math.sqrt(d.length) };
  });
  const pick = rule === 'min' ? best : paired.findIndex((p) => p.mean <= p.se);
  sel.choices.cv = {
    rank: sel.ranks[pick],
    rule:
      rule === 'min'
        ? `cv: the least mean held-out error (${fmt(means[best])} at k = ${sel.ranks[best]})`
        : `cv, one-standard-error rule (paired by seed): the smallest k whose held-out error exceeds the least (${fmt(means[best])} at k = ${sel.ranks[best]}) by at most one standard error of the per-seed differences`,
    bySeed: sel.seeds.map((_, s) => sel.ranks[argmin(bySeed.map((row) => row[s]))]),
  };
}

function scoreConsensus(
  sel: RankSelection,
  of: ResultsOf,
  n: number,
  m: number,
  mapSize: number,
): void {
  const coph: number[] = [];
  const disp: number[] = [];
  const pac: number[] = [];
  const stab: number[] = [];
  const stabSpread: number[] = [];
  const maps: NonNullable<RankSelection['consensusMaps']> = [];
  for (const k of sel.ranks) {
    const runs = of('consensus', k);
    const C = consensusMatrix(
      runs.map((r) => r.labels!),
      n,
    );
    const s = consensusScores(C, n);
    coph.push(s.cophenetic);
    disp.push(s.dispersion);
    pac.push(s.pac);
    if (mapSize > 0) maps.push({ rank: k, ...consensusMap(C, n, s.order, mapSize) });
    const cosines: number[] = [];
    for (let a = 0; a < runs.length; a++) {
      for (let b = a + 1; b < runs.length; b++) {
        const shape: [number, number] = [k, m];
        cosines.push(
          compareFactorizations({ data: runs[a].H!, shape }, { data: runs[b].H!, shape })
            .meanCosine,
        );
      }
    }
    stab.push(mean(cosines));
    stabSpread.push(std(cosines));
  }
  Object.assign(sel.scores, { cophenetic: coph, dispersion: disp, pac, stability: stab });
  sel.spread.stability = stabSpread;
  if (mapSize > 0) sel.consensusMaps = maps;
  const byCoph = largestDrop(coph);
  sel.choices.consensus = {
    rank: sel.ranks[byCoph.index],
    rule: byCoph.fell
      ? `consensus (Brunet): the k after which the cophenetic correlation falls the most (${fmt(coph[byCoph.index])} → ${fmt(coph[byCoph.index + 1])})`
      : 'consensus (Brunet): the cophenetic correlation never falls; the largest k reaching its highest value',
  };
  const byStab = largestDrop(stab);
  sel.choices.stability = {
    rank: sel.ranks[byStab.index],
    rule: byStab.fell
      ? `stability: the k after which the mean cosine of matched components falls the most (${fmt(stab[byStab.index])} → ${fmt(stab[byStab.index + 1])})`
      : 'stability: the mean cosine of matched components never falls; the largest k reaching its highest value',
  };
}

/**
 * The index i of the largest fall v[i] − v[i + 1] > 0; when v never falls, the last index of
 * its largest value.
 */
function largestDrop(v: number[]): { index: number; fell: boolean } {
  let index = -1;
  let drop = 0;
  for (let i = 0; i + 1 < v.length; i++) {
    if (v[i] - v[i + 1] > drop) {
      drop = v[i] - v[i + 1];
      index = i;
    }
  }
  if (index >= 0) return { index, fell: true };
  return { index: v.lastIndexOf(Math.max(...v)), fell: false };
}

function argmin(v: number[]): number {
  let best = 0;
  for (let i = 1; i < v.length; i++) if (v[i] < v[best]) best = i;
  return best;
}

function fmt(v: number): string {
  return Number.isFinite(v) ? v.toPrecision(4) : String(v);
}

/** Whether rank jobs may run on worker threads with this backend (not tfjs-node's). */
function workersCanRun(backend: string): boolean {
  return backend !== 'tensorflow';
}
