/** Errors of online NMF that are not the caller's fault (CLI exit code 1). */
import { NmflowError } from '../errors';

export function runtimeError(message: string): NmflowError {
  return new NmflowError('runtime', message);
}
