/**
 * The functional core of NMF: X (`nSamples × nFeatures`) ≈ W H with W `nSamples × rank` and
 * H `rank × nFeatures` (scikit-learn's shapes), all factors non-negative.
 *
 * The loop around the update rules: initialization, check points (loss, relative error,
 * history, `onIteration`), stopping rules, time limit, abort signal and warnings.
 * Stopping rules are sklearn's: `hals` stops when the projected-gradient violation falls to
 * tol × its first value; the others when the error ‖X − WH‖ (√(2·D_β) for other losses)
 * decreased by less than tol × its initial value over the last ERROR_RULE_SPAN iterations
 * (checked at multiples of it, as sklearn's `mu`).
 */
import * as tf from '@tensorflow/tfjs-core';
import { inputError, NmflowError, usageError } from '../errors';
import { checkNmfMemory } from '../memory';
import { yieldToEventLoop } from '../nnls/driver';
import type { NmfCheckpointState } from './checkpointing';
import { readData, type NmfData, type NmfInput } from './data';
import { transposeArray } from '../linalg/sparse';
import { componentProblems, DUPLICATE_COSINE, type ComponentProblems } from './components';
import { customFactor, initialize, type Factors } from './init';
import {
  gramSquaredError,
  kernelFit,
  measureFit,
  penaltyValue,
  rowsGramSquaredError,
} from './losses';
import { identityHolds } from './gram-fit';
import {
  isPenalized,
  penalties,
  resolveNmfOptions,
  serializableOptions,
  type NmfIterationInfo,
  type NmfOptions,
  type Penalties,
  type ResolvedNmfOptions,
  type SerializableNmfOptions,
} from './options';
import { dataScale, scaledInput, scaledPenalties } from './scale';
import type { UpdateRule } from './rule';
import { solverEntry } from './solver-rules';
import { requireSupport, solverDescriptor } from './solvers';

/** The result of `factorize`. W and H are new tensors owned by the caller: dispose them. */
export interface NmfResult {
  /** `nSamples × rank`. */
  W: tf.Tensor2D;
  /** `rank × nFeatures` (the components). */
  H: tf.Tensor2D;
  nIter: number;
  converged: boolean;
  /** sklearn's reconstruction_err_: ‖X − WH‖_F for Frobenius, √(2·D_β(X | WH)) otherwise. */
  reconstructionError: number;
  /** ‖X − WH‖_F / ‖X‖_F over the observed entries (‖X − WH‖_F when X = 0). */
  relativeError: number;
  history: NmfIterationInfo[];
  /** Wall-clock seconds, initialization included. */
  seconds: number;
  warnings: string[];
  /** The resolved options (JSON-safe). */
  options: SerializableNmfOptions;
}

/** What the loop returns: the fitted factors and how the iteration went. */
interface LoopResult extends Factors {
  nIter: number;
  converged: boolean;
  history: NmfIterationInfo[];
  /** The fit of W and H as measured at the last check point of this run (none: no check point). */
  lastFit?: CheckPointFit;
  /** The returned factors' component problems, from the rule's rows where it has them. */
  components?: ComponentProblems;
}

/** The warning (scikit-learn's wording) given when `maxIter` is reached with `tol > 0`. */
export function maxIterWarning(maxIter: number): string {
  return `Maximum number of iterations ${maxIter} reached. Increase it to improve convergence.`;
}

/**
 * The error rule compares errors ERROR_RULE_SPAN iterations apart, at multiples of it, as
 * sklearn's `mu` does (`(previous_error − error) / error_at_init < tol` every 10 iterations),
 * whatever `checkEvery` is: comparing consecutive check points every iteration stopped `anls`
 * on MNIST rank 16 at 0.5442 where sklearn's `cd` reaches 0.5391 at the same tol.
 */
const ERROR_RULE_SPAN = 10;

const ZERO_LOCK_WARNING =
  "The multiplicative update ('mu') solver cannot update zeros present in the initialization, " +
  "and so leads to poorer results when used jointly with init='nndsvd'. You may try " +
  "init='nndsvda' or init='nndsvdar' instead.";

/**
 * Factorizes X ≈ W H (X: `number[][]`, `{data, shape}`, `tf.Tensor2D` or CSR
 * `{indptr, indices, values, shape}`, non-negative). Never disposes the caller's tensors.
 */
export async function factorize(X: NmfInput, options: NmfOptions): Promise<NmfResult> {
  const o = resolveNmfOptions(options);
  const start = performance.now();
  const { rank, maxIter, checkEvery, memoryLimit } = o;
  const { workCopies } = solverDescriptor(o.solver);
  checkNmfMemory(X, { rank, maxIter, checkEvery, memoryLimit, workCopies });
  const { data, units } = readScaledData(X, o);
  const warnings: string[] = [];
  try {
    checkDataForOptions(data, o);
    const init = o.resumeFrom ? resumedFactors(data, o, units) : startingFactors(data, o, units);
    if (solverDescriptor(o.solver).zerosStayZero && !o.resumeFrom) warnIfZeros(init, o, warnings);
    const { lastFit, components, ...out } = await runLoop(
      data,
      init,
      o,
      true,
      start,
      warnings,
      o.resumeFrom,
      units,
    );
    let errors: ReturnType<typeof finalErrors>;
    try {
      errors = finalErrors(data, out, o, units, lastFit);
      warnIfComponentProblems(out, components, o, warnings);
    } catch (err) {
      tf.dispose([out.W, out.H]);
      throw err;
    }
    const [W, H] = [userFactor(out.W, units), userFactor(out.H, units)];
    return {
      ...out,
      W,
      H,
      ...errors,
      seconds: (performance.now() - start) / 1000,
      warnings,
      options: serializableOptions(o),
    };
  } finally {
    data.dispose();
  }
}

/** The W (`nSamples × rank`) that fits X with H fixed (`transform`); the caller owns it. */
export async function fitW(
  X: NmfInput,
  H: tf.Tensor2D,
  o: ResolvedNmfOptions,
): Promise<{ W: tf.Tensor2D; nIter: number; converged: boolean; warnings: string[] }> {
  const { data, units } = readScaledData(X, o);
  const warnings: string[] = [];
  try {
    checkDataForOptions(data, o);
    if (data.cols !== H.shape[1]) {
      throw usageError(
        `X has ${data.cols} features (columns) but the model's components have ${H.shape[1]}`,
      );
    }
    // sklearn's start for a fixed H: W filled with √(mean(X)/k).
    const fill = Math.sqrt(data.mean / o.rank);
    const init = {
      W: tf.fill([data.rows, o.rank], fill) as tf.Tensor2D,
      H: internalFactor(tf.clone(H), units),
    };
    const out = await runLoop(data, init, o, false, performance.now(), warnings, undefined, units);
    out.H.dispose();
    return { W: userFactor(out.W, units), nIter: out.nIter, converged: out.converged, warnings };
  } finally {
    data.dispose();
  }
}

/**
 * The internal units of a fit (scale.ts): X is fitted as c·X, factors as √c·W, √c·H; losses
 * (divergence and penalties) are c^β times the user's.
 */
interface Units {
  c: number;
  beta: number;
}

const USER_UNITS: Units = { c: 1, beta: 2 };

/** The data, read as c·X when X's largest entry is out of float32's comfortable range. */
function readScaledData(X: NmfInput, o: ResolvedNmfOptions): { data: NmfData; units: Units } {
  const read = (Y: NmfInput) => readData(Y, { mask: o.mask, nanAsMissing: o.nanAsMissing });
  const data = read(X);
  const c = dataScale(data.max);
  if (c === 1) return { data, units: { c, beta: o.beta } };
  data.dispose();
  const scaled = scaledInput(X, c);
  try {
    return { data: read(scaled), units: { c, beta: o.beta } };
  } finally {
    if (scaled instanceof tf.Tensor) scaled.dispose();
  }
}

/** A factor in internal units (√c·F) from one in the user's: the same tensor when c = 1. */
function internalFactor(F: tf.Tensor2D, units: Units): tf.Tensor2D {
  if (units.c === 1) return F;
  const out = tf.mul(F, Math.sqrt(units.c)) as tf.Tensor2D;
  F.dispose();
  return out;
}

/** A factor in the user's units (F/√c): the same tensor when c = 1. */
function userFactor(F: tf.Tensor2D, units: Units): tf.Tensor2D {
  if (units.c === 1) return F;
  const out = tf.div(F, Math.sqrt(units.c)) as tf.Tensor2D;
  F.dispose();
  return out;
}

/** A factor checkpointed in the user's units. */
function userMatrix(F: tf.Tensor2D, units: Units) {
  const s = 1 / Math.sqrt(units.c);
  const data = Float32Array.from(F.dataSync(), (v) => v * s);
  return { data, shape: F.shape };
}

/** What the data allows of the options (its scale is handled by readScaledData). */
function checkDataForOptions(data: NmfData, o: ResolvedNmfOptions): void {
  if (data.csr) {
    requireSupport(o.solver, 'sparse', 'a sparse (CSR) X');
    if (o.beta !== 2 && o.beta !== 1) {
      throw usageError(`a sparse (CSR) X supports loss 'frobenius' or 'kl', got ${o.loss}`);
    }
  }
  if (o.beta <= 0 && data.hasZero) {
    throw inputError(
      'When beta_loss <= 0 and X contains zeros, the solver may diverge. Please add small ' +
        `values to X, or use a positive beta_loss (loss ${JSON.stringify(o.loss)}, β = ${o.beta}).`,
    );
  }
}

function startingFactors(data: NmfData, o: ResolvedNmfOptions, units: Units): Factors {
  if (o.init === 'custom') {
    const W = customFactor(o.W!, 'W', data.rows, o.rank);
    try {
      const H = customFactor(o.H!, 'H', o.rank, data.cols);
      return { W: internalFactor(W, units), H: internalFactor(H, units) };
    } catch (err) {
      W.dispose();
      throw err;
    }
  }
  const init = o.init ?? (o.rank <= Math.min(data.rows, data.cols) ? 'nndsvda' : 'random');
  return initialize(data, o.rank, init, o.seed);
}

/** The factors of `o.resumeFrom`, checked against the data and the rank. */
function resumedFactors(data: NmfData, o: ResolvedNmfOptions, units: Units): Factors {
  const { W, H } = o.resumeFrom!;
  const want = `W ${data.rows} × ${o.rank} and H ${o.rank} × ${data.cols}`;
  const [wr, wk] = W.shape;
  const [hk, hc] = H.shape;
  if (wr !== data.rows || wk !== o.rank || hk !== o.rank || hc !== data.cols) {
    throw usageError(
      `option resumeFrom holds W ${wr} × ${wk} and H ${hk} × ${hc}, but this fit needs ${want}`,
    );
  }
  return {
    W: internalFactor(tf.tensor2d(W.data, W.shape), units),
    H: internalFactor(tf.tensor2d(H.data, H.shape), units),
  };
}

function warnIfZeros(f: Factors, o: ResolvedNmfOptions, warnings: string[]): void {
  const zeros = tf.tidy(() =>
    tf.add(tf.sum(tf.cast(tf.equal(f.W, 0), 'int32')), tf.sum(tf.cast(tf.equal(f.H, 0), 'int32'))),
  );
  const count = zeros.dataSync()[0];
  zeros.dispose();
  if (count === 0) return;
  warn(
    o.init === 'nndsvd'
      ? ZERO_LOCK_WARNING
      : `The multiplicative update ('mu') solver cannot update the ${count} zeros present in the initialization; they stay zero.`,
    o,
    warnings,
  );
}

/**
 * No component dies silently: dead (all-zero) or duplicate components of a fit are named
 * (`known`: the loop's count from the rule's rows, else counted from f).
 */
function warnIfComponentProblems(
  f: Factors,
  known: ComponentProblems | undefined,
  o: ResolvedNmfOptions,
  warnings: string[],
): void {
  const [n, k] = f.W.shape;
  const m = f.H.shape[1];
  const { dead, duplicates } =
    known ??
    componentProblems(
      f.W.dataSync() as Float32Array,
      transposeArray(f.H.dataSync(), k, m),
      n,
      m,
      k,
    );
  if (dead.length > 0) {
    warn(
      `${dead.length} of ${k} components are dead (all zero in W or H: components ${dead.join(', ')}); ` +
        'the fit has effectively a lower rank: try another init or seed, or a lower rank',
      o,
      warnings,
    );
  }
  if (duplicates.length > 0) {
    const pairs = duplicates.map(([a, b]) => `${a} and ${b}`).join(', ');
    warn(
      `components ${pairs} are duplicates (cosine of their H rows > ${DUPLICATE_COSINE}); ` +
        'try another init or seed, or a lower rank',
      o,
      warnings,
    );
  }
}

function warn(message: string, o: ResolvedNmfOptions, warnings: string[]): void {
  warnings.push(message);
  o.onWarning?.(message);
}

/**
 * Error ‖X − WH‖², divergence and penalty at a check point. For the unmasked Frobenius loss
 * the rule's own `fit` is used when it has one; otherwise the Gram identity needs only Wᵀ·X
 * (from the rule when it has it, else one thin product) instead of the full W·H. Where the
 * identity with a float32 WᵀX would lose digits (gram-fit.ts's identityHolds) and the rule's fit
 * did not come from a float64 WᵀX, the residual is measured directly.
 */
function checkPoint(
  data: NmfData,
  rule: Pick<UpdateRule, 'W' | 'H' | 'WtX' | 'fit' | 'factorRows'>,
  beta: number,
  pen?: Penalties,
) {
  // Without penalties W and H are not read: each read of a rule's W makes a tensor (hals
  // rounds its float64 W: a fresh n × k array, 8 ms on MNIST at rank 64 where pages are slow).
  const penaltyOf = () => (pen && isPenalized(pen) ? penaltyValue(rule.W, rule.H, pen) : 0);
  // The rule's rows, read once (hals rounds its float64 factors to make them).
  let rows: ReturnType<NonNullable<UpdateRule['factorRows']>> | undefined;
  const factorRows = () => (rows ??= rule.factorRows?.());
  if (beta === 2 && !data.mask) {
    const known = rule.fit;
    let sq = known?.squaredError;
    const own = sq === undefined ? factorRows() : undefined;
    if (own) sq = rowsGramSquaredError(data, own.w, own.ht, rule.WtX, own.wtxRoom);
    if (sq === undefined) {
      let wtx = rule.WtX;
      if (!wtx) {
        const t = data.transposedTimes(rule.W);
        wtx = t.dataSync() as Float32Array;
        t.dispose();
      }
      sq = gramSquaredError(data.sqNorm, wtx, rule.W, rule.H);
    }
    if (known?.precise || identityHolds(sq, data)) {
      const penalty = pen && known ? known.penalty : penaltyOf();
      return { squaredError: sq, divergence: sq / 2, penalty };
    }
  }
  // measureFit's residual from the rule's own rows, without making, reading and transposing W
  // and H tensors (≈9 ms an iteration on sparse-20).
  const own = beta === 2 && data.sparseSquaredError ? factorRows() : undefined;
  if (own) {
    return { ...kernelFit(data, own.w, own.ht, own.w.length / data.rows), penalty: penaltyOf() };
  }
  return { ...measureFit(data, rule.W, rule.H, beta), penalty: penaltyOf() };
}

type CheckPointFit = ReturnType<typeof checkPoint>;

async function runLoop(
  data: NmfData,
  init: Factors,
  o: ResolvedNmfOptions,
  updateH: boolean,
  start: number,
  warnings: string[],
  resume?: NmfCheckpointState,
  units: Units = USER_UNITS,
): Promise<LoopResult> {
  const pen = scaledPenalties(penalties(o, data.rows, data.cols), units.c, units.beta);
  const lossUnit = units.c ** units.beta;
  let rule: UpdateRule;
  try {
    rule = solverEntry(o.solver).rule({
      data,
      ...init,
      options: o,
      penalties: pen,
      updateH,
      state: resume?.rule,
      matrices: resume?.ruleMatrices,
    });
  } catch (err) {
    tf.dispose([init.W, init.H]);
    throw err;
  }
  const { stopping } = solverDescriptor(o.solver);
  const history: NmfIterationInfo[] = resume ? [...resume.history] : [];
  let lastFit: CheckPointFit | undefined;
  const record = (iteration: number, fit: CheckPointFit) => {
    lastFit = fit;
    const info = {
      iteration,
      loss: (fit.divergence + fit.penalty) / lossUnit,
      relativeError: Math.sqrt(Math.max(fit.squaredError, 0) / (data.sqNorm || 1)),
      seconds: (performance.now() - start) / 1000,
    };
    if (!Number.isFinite(info.loss) || !Number.isFinite(info.relativeError)) {
      throw divergenceError(o, iteration, data);
    }
    history.push(info);
    o.onIteration?.(info);
    return Math.sqrt(2 * Math.max(fit.divergence, 0));
  };
  try {
    const errorAtInit = resume
      ? resume.loop.errorAtInit
      : record(0, checkPoint(data, rule, o.beta, pen));
    let previousError = resume?.loop.previousError ?? errorAtInit;
    let violationInit = resume?.loop.violationInit ?? 0;
    let converged = false;
    let iter = resume?.iteration ?? 0;
    let stopped = false;
    // transform (updateH false) fits W for a fixed H: nothing to checkpoint.
    const saver =
      updateH && o.onCheckpoint
        ? checkpointSaver(o, () => ({
            iteration: iter,
            W: userMatrix(rule.W, units),
            H: userMatrix(rule.H, units),
            history: [...history],
            loop: { errorAtInit, previousError, violationInit },
            rule: rule.state ?? {},
            ruleMatrices: rule.matrices?.(),
            final: false,
            converged,
            options: serializableOptions(o) as unknown as Record<string, unknown>,
          }))
        : undefined;
    while (iter < o.maxIter && !converged && !stopped) {
      await rule.step(iter);
      iter++;
      const v = stopping === 'violation' ? rule.violation : undefined;
      if (v !== undefined && o.tol > 0) {
        if (iter === 1) violationInit = v;
        if (violationInit === 0 || v / violationInit <= o.tol) converged = true;
      }
      const span = iter % ERROR_RULE_SPAN === 0;
      if (iter % o.checkEvery === 0 || span || iter === o.maxIter || converged) {
        const error = record(iter, checkPoint(data, rule, o.beta, pen));
        if (!Number.isFinite(error)) {
          throw divergenceError(o, iter, data);
        }
        if (span && v === undefined && o.tol > 0 && errorAtInit > 0) {
          const decrease = (previousError - error) / errorAtInit;
          // overparam-joint's optimizer may rise briefly: only a small decrease stops it.
          const stalls = stopping === 'error-decrease-nonnegative' ? decrease >= 0 : true;
          if (stalls && decrease < o.tol) converged = true;
        }
        if (span) previousError = error;
        stopped = history[history.length - 1].seconds >= o.timeLimitSeconds;
        saver?.atCheckPoint(iter);
        await yieldToEventLoop();
        stopped ||= o.signal?.aborted === true;
      }
    }
    if (rule.finish) {
      // The last touch changes the factors: the last history entry is that of the ones returned.
      rule.finish();
      const fit = (lastFit = checkPoint(data, rule, o.beta, pen));
      const last = history.length - 1;
      const { iteration, seconds } = history[last];
      history[last] = {
        iteration,
        loss: (fit.divergence + fit.penalty) / lossUnit,
        relativeError: Math.sqrt(Math.max(fit.squaredError, 0) / (data.sqNorm || 1)),
        seconds,
      };
    }
    saver?.final();
    if (iter >= o.maxIter && !converged && o.tol > 0) warn(maxIterWarning(o.maxIter), o, warnings);
    // From the rule's own rows (no W or H read back from tensors, no Hᵀ made again).
    const rows = updateH ? rule.factorRows?.() : undefined;
    const components =
      rows && componentProblems(rows.w, rows.ht, data.rows, data.cols, rows.w.length / data.rows);
    const [W, H] = [tf.clone(rule.W), tf.clone(rule.H)];
    return { W, H, nIter: iter, converged, history, lastFit, components };
  } finally {
    rule.dispose();
  }
}

/** Calls `o.onCheckpoint` when `checkpointEvery` / `checkpointSeconds` are due, and at the end. */
function checkpointSaver(o: ResolvedNmfOptions, state: () => NmfCheckpointState) {
  let lastIteration = o.resumeFrom?.iteration ?? 0;
  let lastTime = performance.now();
  return {
    atCheckPoint(iteration: number) {
      const byIterations =
        o.checkpointEvery !== undefined && iteration - lastIteration >= o.checkpointEvery;
      const bySeconds =
        o.checkpointSeconds !== undefined &&
        performance.now() - lastTime >= 1000 * o.checkpointSeconds;
      if (!byIterations && !bySeconds) return;
      o.onCheckpoint!(state());
      lastIteration = iteration;
      lastTime = performance.now();
    },
    final() {
      o.onCheckpoint!({ ...state(), final: true });
    },
  };
}

/**
 * Final errors: those of the last check point, which measured these very factors (every run
 * ends on one), else by the same rule as check points.
 */
function finalErrors(
  data: NmfData,
  f: Factors & { nIter: number },
  o: ResolvedNmfOptions,
  units: Units,
  lastFit?: CheckPointFit,
) {
  const fit = lastFit ?? checkPoint(data, f, o.beta);
  const errors = {
    reconstructionError: Math.sqrt((2 * Math.max(fit.divergence, 0)) / units.c ** units.beta),
    relativeError: Math.sqrt(Math.max(fit.squaredError, 0) / (data.sqNorm || 1)),
  };
  if (!Object.values(errors).every(Number.isFinite)) throw divergenceError(o, f.nIter, data);
  return errors;
}

/**
 * No NaN or Infinity leaves factorize. X reaches the solvers finite and scaled near 1 (scale.ts),
 * so a non-finite loss is the solver's failure, not the data's: the message says so, and names
 * the options that exist for that solver.
 */
function divergenceError(o: ResolvedNmfOptions, iteration: number, data: NmfData): NmflowError {
  const hint = solverDescriptor(o.solver).divergenceHint(o);
  return new NmflowError(
    'numeric',
    `solver "${o.solver}" diverged: its loss is not finite at iteration ${iteration}, although X ` +
      `is finite and within float32's range (largest entry ${data.max.toExponential(2)}); ${hint}`,
  );
}
