/**
 * The library's own error type. Every failure that nmflow detects is an `NmflowError` whose
 * message names the argument, file, line or shape at fault. `kind` tells the CLI which exit
 * code to use: `usage` and `input` are the caller's fault (exit 2), the rest are runtime
 * failures (exit 1).
 */
export type ErrorKind = 'usage' | 'input' | 'runtime' | 'numeric' | 'memory' | 'io';

/**
 * Every failure nmflow detects: `message` names the argument, file, line or shape at fault;
 * `kind` says whose fault (`usage`, `input`: the caller's) and sets the CLI's exit code.
 */
export class NmflowError extends Error {
  readonly kind: ErrorKind;

  constructor(kind: ErrorKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'NmflowError';
    this.kind = kind;
  }
}

/** An invalid option or argument (a bad value, an unknown name, a mismatched shape). */
export function usageError(message: string): NmflowError {
  return new NmflowError('usage', message);
}

/** Invalid data: NaN/Inf, negative entries where they are not allowed, a malformed file. */
export function inputError(message: string, cause?: unknown): NmflowError {
  return new NmflowError('input', message, cause === undefined ? undefined : { cause });
}

/** True for errors whose cause is the caller's input or invocation (CLI exit code 2). */
export function isUserError(err: unknown): boolean {
  return err instanceof NmflowError && (err.kind === 'usage' || err.kind === 'input');
}
