/**
 * Shared pieces of the file readers and writers: located errors (file:line), strict number
 * parsing, line streaming (gzip by content), the allocation limit, and atomic writes.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { open, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip, gunzipSync } from 'node:zlib';
import { fsyncDirectory, TEMP_PREFIX } from '../atomic-file';
import { NmflowError, inputError } from '../errors';
import { checkNumber } from '../options';

let tempCounter = 0;

/** Default limit on the memory a reader may allocate for one matrix: 2 GiB. */
export const DEFAULT_MAX_BYTES = 2 ** 31;

/** An input error located at `file:line` (line numbers from 1). */
export function lineError(file: string, line: number, message: string): NmflowError {
  return inputError(`${file}:${line}: ${message}`);
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const NON_FINITE = /^[+-]?(nan|inf|infinity)$/i;

/** True when `token` is written as a number (finite or NaN/Inf), e.g. to tell a header line. */
export function looksNumeric(token: string): boolean {
  return NUMBER.test(token) || NON_FINITE.test(token);
}

/**
 * Parses one numeric field strictly (no empty strings, no hex, no trailing junk) and rejects
 * NaN/±Inf (also an overflow such as 1e999) with an error naming the file, line and `what`.
 */
export function parseNumber(token: string, file: string, line: number, what: string): number {
  if (!NUMBER.test(token)) {
    const kind = NON_FINITE.test(token) ? 'a non-finite value' : 'not a number';
    throw lineError(file, line, `${what} is ${kind}: ${JSON.stringify(token.slice(0, 40))}`);
  }
  const v = Number(token);
  // Values are stored as float32: beyond ±3.4e38 they would become ±Infinity.
  if (!Number.isFinite(Math.fround(v))) {
    throw lineError(
      file,
      line,
      `${what} overflows float32 (|x| > 3.4e38): ${JSON.stringify(token.slice(0, 40))}`,
    );
  }
  return v;
}

/** Parses an integer field in [min, max]; the message names `what` and the range. */
export function parseIndex(
  token: string,
  file: string,
  line: number,
  what: string,
  min: number,
  max: number,
): number {
  const v = parseNumber(token, file, line, what);
  if (!Number.isInteger(v) || v < min || v > max) {
    const range = max >= Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `in ${min}..${max}`;
    throw lineError(file, line, `${what} is ${token}, expected an integer ${range}`);
  }
  return v;
}

/** True when the first bytes of `path` are the gzip magic number. */
export async function isGzip(path: string): Promise<boolean> {
  const head = await readHead(path, 2);
  return head.length === 2 && head[0] === 0x1f && head[1] === 0x8b;
}

/** The first `n` bytes of a file (fewer if it is shorter). */
export async function readHead(path: string, n: number): Promise<Buffer> {
  const fh = await openForReading(path);
  try {
    const buf = Buffer.alloc(n);
    const { bytesRead } = await fh.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

export async function openForReading(path: string) {
  try {
    return await open(path, 'r');
  } catch (err) {
    throw new NmflowError('io', `cannot open ${path}: ${(err as Error).message}`, { cause: err });
  }
}

/**
 * Streams the lines of a text file (gunzipped when its content is gzip) with their line
 * numbers, never holding the whole file in memory.
 */
export async function* readLines(path: string): AsyncGenerator<{ text: string; line: number }> {
  const gz = await isGzip(path);
  const raw = createReadStream(path);
  const stream = gz ? raw.pipe(createGunzip()) : raw;
  let failure: Error | undefined;
  const rl = createInterface({ input: stream, crlfDelay: Infinity });
  const onError = (err: Error) => {
    failure = err;
    rl.close();
  };
  stream.on('error', onError);
  if (gz) raw.on('error', onError);
  let line = 0;
  try {
    for await (const text of rl) {
      line++;
      yield { text, line };
    }
  } catch (err) {
    failure = err as Error;
  } finally {
    rl.close();
    raw.destroy();
  }
  if (failure)
    throw inputError(`${path}: cannot read past line ${line}: ${failure.message}`, failure);
}

/** The decompressed content of a gzipped file, refused beyond `maxBytes`. */
export async function gunzipFile(path: string, maxBytes: number): Promise<Buffer> {
  const bytes = await readFile(path).catch((err: Error) => {
    throw new NmflowError('io', `cannot read ${path}: ${err.message}`, { cause: err });
  });
  try {
    return gunzipSync(bytes, { maxOutputLength: maxBytes });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      checkAllocation(path, 'the decompressed content', Infinity, maxBytes);
    }
    throw inputError(`${path}: cannot gunzip: ${(err as Error).message}`, err);
  }
}

/** Rejects an allocation of `bytes` above the limit, before it happens. */
export function checkAllocation(file: string, what: string, bytes: number, maxBytes: number): void {
  if (bytes > maxBytes) {
    throw new NmflowError(
      'memory',
      `${file}: ${what} needs ${formatBytes(bytes)}, above the limit of ${formatBytes(maxBytes)} ` +
        `(raise it with the maxBytes option if you have the memory)`,
    );
  }
}

export function resolveMaxBytes(value: unknown): number {
  return value === undefined ? DEFAULT_MAX_BYTES : checkNumber('maxBytes', value, { min: 1 });
}

function formatBytes(b: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
  let i = 0;
  while (b >= 1024 && i < units.length - 1) {
    b /= 1024;
    i++;
  }
  return `${b.toPrecision(3)} ${units[i]}`;
}

/** A growable float32 buffer that enforces the allocation limit as it grows. */
export class GrowingFloats {
  data = new Float32Array(1024);
  length = 0;
  constructor(
    private readonly file: string,
    private readonly maxBytes: number,
    private readonly what: string,
  ) {}

  push(v: number): void {
    if (this.length === this.data.length) {
      const next = this.data.length * 2;
      checkAllocation(this.file, this.what, next * 4, this.maxBytes);
      const grown = new Float32Array(next);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = v;
  }

  toArray(): Float32Array {
    return this.data.slice(0, this.length);
  }
}

/**
 * Writes a file atomically: the chunks go to a temporary file in the same folder, which is
 * flushed to disk and renamed over `path` only once fully written (a crash never leaves a
 * half-written file); the streaming counterpart of src/atomic-file.ts, with the same temporary
 * names. A name ending in `.gz` is gzip-compressed.
 */
export async function writeAtomic(
  path: string,
  chunks: Iterable<string | Uint8Array>,
): Promise<void> {
  const tmp = join(
    dirname(path),
    `${TEMP_PREFIX}${basename(path)}-${process.pid}-${tempCounter++}`,
  );
  try {
    const source = Readable.from(chunks, { objectMode: false });
    if (path.endsWith('.gz')) await pipeline(source, createGzip(), createWriteStream(tmp));
    else await pipeline(source, createWriteStream(tmp));
    const fh = await open(tmp, 'r+');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw new NmflowError('io', `cannot write ${path}: ${(err as Error).message}`, { cause: err });
  }
  fsyncDirectory(dirname(path));
}

/**
 * A value as text that reads back exactly: for a float32 value (`single`), the shortest
 * decimal that rounds to the same float32; otherwise JavaScript's shortest float64 form.
 */
export function formatValue(v: number, single: boolean): string {
  if (!single || Number.isInteger(v)) return String(v);
  for (let p = 1; p < 9; p++) {
    const x = Number(v.toPrecision(p));
    if (Math.fround(x) === v) return String(x);
  }
  return String(Number(v.toPrecision(9)));
}
