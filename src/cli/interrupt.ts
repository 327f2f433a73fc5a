/**
 * SIGINT / SIGTERM during a long command: the first signal aborts the running fit at its next
 * check point (the command then writes a final checkpoint and the partial, not-converged
 * model, and exits with 130 or 143); a second signal kills the process the default way.
 */
import { NmflowError } from '../errors';

/** Exit codes of a run stopped by a signal (128 + the signal number, as shells report). */
export const SIGNAL_EXIT_CODES: Record<'SIGINT' | 'SIGTERM', number> = {
  SIGINT: 130,
  SIGTERM: 143,
};

/** A run stopped by a signal after saving its state; `exitCode` is 130 or 143. */
export class InterruptedError extends NmflowError {
  readonly exitCode: number;

  constructor(signal: 'SIGINT' | 'SIGTERM', message: string) {
    super('runtime', message);
    this.exitCode = SIGNAL_EXIT_CODES[signal];
  }
}

export interface InterruptWatch {
  /** Aborted by the first SIGINT or SIGTERM. */
  readonly signal: AbortSignal;
  /** The signal received, if any. */
  readonly received: 'SIGINT' | 'SIGTERM' | undefined;
  /** Removes the handlers (signals then act the default way again). */
  dispose(): void;
}

/** Watches SIGINT and SIGTERM until `dispose()`. */
export function watchInterrupts(): InterruptWatch {
  const controller = new AbortController();
  let received: 'SIGINT' | 'SIGTERM' | undefined;
  const handlers = (['SIGINT', 'SIGTERM'] as const).map((name) => {
    const handler = () => {
      received ??= name;
      controller.abort();
      dispose(); // a second signal takes the default action
    };
    process.on(name, handler);
    return [name, handler] as const;
  });
  const dispose = () => handlers.forEach(([name, h]) => process.off(name, h));
  return {
    signal: controller.signal,
    get received() {
      return received;
    },
    dispose,
  };
}
