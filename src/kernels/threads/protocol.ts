/**
 * What the calling thread and the workers of kernel-threads.ts share: the layout of the control
 * words, a command's words, how one chunk of a products.wat command runs, how many posted tasks
 * the workers keep, and the error slots through which a worker's error (message and stack)
 * reaches the caller.
 */

/** Command words: the operation, its pointers and sizes (byte offsets and counts). */
export interface KernelCommand {
  /**
   * 0: timesTransposed into `out`; 1: transposedTimes into the accumulator of each chunk;
   * 2: a ChunkTask (`x` its key, `factor` 1 when it was posted to the workers with this command,
   * the other words unused); 3: csrTimes into `out` (`x` is then X's indptr, `cols` unused);
   * 4: csrScatter into the accumulator of each chunk (`x` X's indptr, `cols` X's columns);
   * 5: transposedTimes of all rows by blocks of `chunkRows` columns (chunk c the columns from
   * c·chunkRows) into one accumulator at `out`: the bits of op 1 in one chunk, on many threads.
   * 6: csrResidual of each chunk's rows into the float64 at out + 8·c (`x` X's indptr, `factor`
   * W and `accStride` Hᵀ as float64 with kp columns).
   * 7: csrTimesSplit: csrTimes summed in float64, its float32 parts into `out` and into
   * out + accStride. 8: csrTimes of the entries from the offsets at `x` to those at `accStride`
   * (one int32 array each, an entry per row), added to `out`.
   */
  op: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8;
  x: number;
  factor: number;
  out: number;
  /**
   * Bytes between the accumulators of consecutive chunks (ops 1 and 4), or to lo (op 7); op 8:
   * where its entry ranges end.
   */
  accStride: number;
  rows: number;
  cols: number;
  kp: number;
  chunkRows: number;
  chunks: number;
  /** X's column indices and values (ops 3, 4, 6, 7 and 8). */
  indices: number;
  values: number;
  /** Bytes per stored column index, 2 or 4 (ops 3 and 4). */
  isz: number;
  /**
   * The lanes of kp that ops 3, 7 and 8 compute (k rounded up to 4; the other lanes of its output are
   * left as they were); the other ops compute all kp.
   */
  lanes: number;
}

// The control words, in order: the command's sequence number, the stop flag, the command
// (op, x, factor, out, accStride, rows, cols, kp, chunkRows, chunks, indices, values, isz,
// lanes), one done slot per worker, the error flag, the next unclaimed chunk and one ready
// flag per worker (1 once it waits for commands).
export const SEQ = 0;
export const STOP = 1;
export const ARGS = 2;
export const DONE = ARGS + 14;
export const MAX_WORKERS = 32;
export const ERROR = DONE + MAX_WORKERS;
export const NEXT = ERROR + 1;
export const READY = NEXT + 1;
export const WORDS = READY + MAX_WORKERS;
/** How long an idle worker waits for the next command at a time (ms). */
export const IDLE_SLICE_MS = 20;
/** Bytes per worker for its error: a length (int32), then the UTF-8 of message and stack. */
export const ERROR_SLOT_BYTES = 8192;
/** The workers keep this many of the last tasks posted to them, by key (and hold them). */
export const POSTED_TASKS = 8;

/** The command as words, in the order of the control words. */
export function commandWords(cmd: KernelCommand): number[] {
  const { op, x, factor, out, accStride, rows, cols, kp, chunkRows, chunks } = cmd;
  const { indices, values, isz, lanes } = cmd;
  return [
    op,
    x,
    factor,
    out,
    accStride,
    rows,
    cols,
    kp,
    chunkRows,
    chunks,
    indices,
    values,
    isz,
    lanes,
  ];
}

/** Runs chunk c of a products.wat command (words a[at …]) with one thread's instance. */
export function runChunk(
  exports: WebAssembly.Exports,
  a: Int32Array | number[],
  at: number,
  c: number,
): void {
  // The words of commandWords, read one by one (a destructuring would allocate per chunk).
  const op = a[at];
  const x = a[at + 1];
  const factor = a[at + 2];
  const out = a[at + 3];
  const accStride = a[at + 4];
  const cols = a[at + 6];
  const kp = a[at + 7];
  const chunkRows = a[at + 8];
  const r0 = c * chunkRows;
  const r1 = Math.min(a[at + 5], r0 + chunkRows);
  const indices = a[at + 10];
  const values = a[at + 11];
  const isz = a[at + 12];
  const lanes = a[at + 13];
  const kernel = exports as Record<string, (...args: number[]) => void>;
  if (op === 0) kernel.timesTransposed(x, factor, out, r0, r1, cols, kp);
  else if (op === 1) {
    kernel.transposedTimes(x, factor, out + c * accStride, r0, r1, cols, kp, cols);
  } else if (op === 5) {
    // Columns r0 ≤ j < r1 (chunkRows counts columns here) of all the rows.
    const c1 = Math.min(cols, r0 + chunkRows);
    kernel.transposedTimes(x + 4 * r0, factor, out + 4 * kp * r0, 0, a[at + 5], c1 - r0, kp, cols);
  } else if (op === 3 || op === 8) {
    const finish = op === 3 ? x + 4 : accStride;
    const accumulate = op === 3 ? 0 : 1;
    kernel.csrTimes(x, finish, indices, values, factor, out, r0, r1, kp, isz, lanes, accumulate);
  } else if (op === 7) {
    kernel.csrTimesSplit(x, indices, values, factor, out, accStride, r0, r1, kp, isz, lanes);
  } else if (op === 6) {
    kernel.csrResidual(x, indices, values, factor, accStride, r0, r1, kp, isz, out + 8 * c);
  } else kernel.csrScatter(x, indices, values, factor, out + c * accStride, r0, r1, kp, cols, isz);
}

/** A worker's error as it travels: its message and stack. */
export interface WorkerFailure {
  message: string;
  stack: string;
}

/** Writes worker `index`'s error into its slot (message and stack, cut to fit). */
export function writeFailure(errors: SharedArrayBuffer, index: number, e: unknown): void {
  const failure: WorkerFailure =
    e instanceof Error
      ? { message: e.message, stack: e.stack ?? '' }
      : { message: String(e), stack: '' };
  const bytes = new TextEncoder().encode(JSON.stringify(failure));
  const at = index * ERROR_SLOT_BYTES;
  const room = ERROR_SLOT_BYTES - 4;
  // A cut JSON text is not parsed back; readFailure then keeps the message alone.
  const fits =
    bytes.length <= room
      ? bytes
      : new TextEncoder().encode(
          JSON.stringify({
            message: failure.message.slice(0, room / 8),
            stack: '',
          }),
        );
  new Uint8Array(errors, at + 4, fits.length).set(fits);
  Atomics.store(new Int32Array(errors, at, 1), 0, fits.length);
}

/** Worker `index`'s error, if it wrote one, and clears its slot. */
export function readFailure(errors: SharedArrayBuffer, index: number): WorkerFailure | undefined {
  const at = index * ERROR_SLOT_BYTES;
  const length = Atomics.exchange(new Int32Array(errors, at, 1), 0, 0);
  if (length === 0) return undefined;
  // TextDecoder takes no views of shared memory: slice copies into a plain buffer.
  const text = new TextDecoder().decode(new Uint8Array(errors, at + 4, length).slice());
  return JSON.parse(text) as WorkerFailure;
}
