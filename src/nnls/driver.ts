/**
 * The iteration loop shared by every first-order solver: check points, history, callbacks,
 * stopping rules, recovery from non-finite values, and yielding to the event loop (so that an
 * AbortSignal or a signal handler can run). Solvers only say how to take one step.
 */
import * as tf from '@tensorflow/tfjs-core';
import { NmflowError } from '../errors';
import { measure } from './measures';
import { canCertify, exactGap } from './polish';
import type {
  IterationInfo,
  NnlsProblem,
  ResolvedNnlsOptions,
  SolverOutput,
  StopReason,
} from './types';

/** One solver's state machine, driven by `iterate`. */
export interface Stepper {
  /** The current iterate X (`n × r`), owned by the stepper. */
  readonly x: tf.Tensor2D;
  /** The gradient GX − C at `x`, when the stepper keeps it (saves a product at check points). */
  readonly grad?: tf.Tensor2D;
  /** Advances one iteration; `k` is the number of iterations done before this one. */
  step(k: number): void;
  /**
   * Called after a non-finite value: restart from `x` (owned by the driver; clone it) with a
   * smaller step. Return false when the stepper cannot recover.
   */
  recover(x: tf.Tensor2D): boolean;
  /**
   * Called at each check point with its measures (after the history and `onIteration`): lets a
   * solver change phase (see overparam-finish.ts).
   */
  checkpoint?(info: IterationInfo, k: number): void;
  /** Releases every tensor the stepper holds. */
  dispose(): void;
}

const MAX_RECOVERIES = 30;

/**
 * Lets pending events (abort signals, process signals, I/O, a page's input) run: Node's
 * `setImmediate`; in a browser a MessageChannel message (a task, without the 4 ms clamp of
 * nested `setTimeout`).
 */
export function yieldToEventLoop(): Promise<void> {
  if (typeof setImmediate === 'function') return new Promise((resolve) => setImmediate(resolve));
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/** Runs `stepper` until a stopping rule fires; returns a solution owned by the caller. */
export async function iterate(
  problem: NnlsProblem,
  options: ResolvedNnlsOptions,
  stepper: Stepper,
  solverName: string,
): Promise<SolverOutput> {
  const start = performance.now();
  const history: IterationInfo[] = [];
  let good = tf.clone(stepper.x);
  let goodIteration = 0;
  let recoveries = 0;
  let k = 0;
  let stopReason: StopReason | undefined;
  let last: IterationInfo | undefined;
  const certify = canCertify(problem);
  let nextCertificate = 0;
  try {
    for (;;) {
      if (k % options.checkEvery === 0 || k >= options.maxIter) {
        const m = measure(problem, stepper.x, stepper.grad);
        if (!Number.isFinite(m.objective) || !Number.isFinite(m.kktResidual)) {
          if (recoveries++ < MAX_RECOVERIES && stepper.recover(good)) {
            k = goodIteration;
            continue;
          }
          throw new NmflowError(
            'numeric',
            `solver "${solverName}" produced a non-finite value at iteration ${k} and could not ` +
              'recover by reducing its step; try a smaller learningRate, step "exact" or "armijo", ' +
              'or check the scale of the inputs',
          );
        }
        good.dispose();
        good = tf.clone(stepper.x);
        goodIteration = k;
        last = { iteration: k, ...m, seconds: (performance.now() - start) / 1000 };
        let done = m.kktResidual <= options.tol;
        if (done && certify) {
          // The KKT residual is small: is the objective gap? An exact solve from X's support
          // tells (float64); if not yet, certify again after a quarter more iterations.
          done = false;
          if (k >= nextCertificate || k >= options.maxIter) {
            last.gap = exactGap(problem, stepper.x);
            done = !(last.gap > options.gapTol);
            nextCertificate = k + Math.max(options.checkEvery, Math.ceil(k / 4));
          }
        }
        if (options.history) history.push(last);
        options.onIteration?.(last);
        if (done) stopReason = 'tolerance';
        else if (k >= options.maxIter) stopReason = 'maxIter';
        else if (last.seconds >= options.timeLimitSeconds) stopReason = 'timeLimit';
        else if (options.signal?.aborted) stopReason = 'aborted';
        if (stopReason) break;
        stepper.checkpoint?.(last, k);
        await yieldToEventLoop();
        if (options.signal?.aborted) {
          stopReason = 'aborted';
          break;
        }
      }
      stepper.step(k);
      k++;
    }
    return {
      x: good,
      iterations: k,
      converged: stopReason === 'tolerance',
      stopReason,
      objective: last!.objective,
      kktResidual: last!.kktResidual,
      history,
    };
  } catch (err) {
    good.dispose();
    throw err;
  } finally {
    stepper.dispose();
  }
}
