/**
 * Atomic file writes: the data goes to a temporary file in the same directory, is flushed to
 * disk (fsync), and is renamed over the target; the directory is then fsynced so that the
 * rename itself survives a power cut. A reader sees the old file or the new one, never a
 * truncated mix, even if the process is killed at any point.
 */
import * as fs from 'fs';
import * as path from 'path';
import { NmflowError } from './errors';

/** Prefix of temporary files (ignored by git, removed by `removeStaleTemporaries`). */
export const TEMP_PREFIX = '.tmp-';

let counter = 0;

/** An io error naming the file and the operation. */
export function ioError(file: string, action: string, err: unknown): NmflowError {
  const reason = (err as NodeJS.ErrnoException)?.code ?? (err as Error)?.message ?? String(err);
  return new NmflowError('io', `could not ${action} ${file}: ${reason}`, { cause: err });
}

/** Flushes a directory entry (best effort: not every platform can open a directory). */
export function fsyncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Windows cannot fsync a directory; the rename is still atomic there.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * Writes `data` to `file` atomically (temporary file + fsync + rename + directory fsync).
 * Synchronous, so it can run inside a signal handler. Throws an NmflowError of kind `io`
 * naming the file.
 */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `${TEMP_PREFIX}${path.basename(file)}-${process.pid}-${counter++}`);
  let fd: number | undefined;
  try {
    fd = fs.openSync(tmp, 'w', 0o644);
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let off = 0;
    while (off < bytes.length) off += fs.writeSync(fd, bytes, off, bytes.length - off);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(tmp, file);
  } catch (err) {
    if (fd !== undefined) fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw ioError(file, 'write', err);
  }
  fsyncDirectory(dir);
}

/** Removes temporary files that a killed writer left in `dir`. */
export function removeStaleTemporaries(dir: string): void {
  for (const name of fs.readdirSync(dir)) {
    if (name.startsWith(TEMP_PREFIX)) fs.rmSync(path.join(dir, name), { force: true });
  }
}
