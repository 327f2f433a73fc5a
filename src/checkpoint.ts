/**
 * Checkpoints: the state of a long run (factors, iteration, options, RNG state, history),
 * written so that a killed process never leaves a checkpoint that cannot be read.
 *
 * Format (version 1): a directory holding
 * - `manifest.json`: `{ format: "nmflow-checkpoint", version: 1, generation, iteration,
 *   startedAt, writtenAt, options, rngState, history, meta, factors }`, where `factors` maps a
 *   name (e.g. `W`, `H`) to `{ file, shape, dtype: "float32", byteLength, crc32 }`;
 * - one binary file per factor, `<name>.<generation>.f32`: the row-major entries as float32
 *   little-endian, nothing else (the shape lives in the manifest).
 *
 * Writing: every file is written atomically (temporary file, fsync, rename). Factor files get
 * a new generation number each time, so the files of the previous checkpoint stay untouched
 * until the new manifest has replaced the old one; the manifest is written last, and only then
 * are the previous generation's files removed. A process killed at any point therefore leaves
 * either the previous checkpoint or the new one, both complete.
 *
 * Reading validates everything (format, version, shapes, sizes, checksums, finiteness) and
 * fails with an NmflowError naming the file at fault.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs-core';
import { inputError, usageError } from './errors';
import { ioError, removeStaleTemporaries, writeFileAtomic } from './atomic-file';

/** The `format` field of every checkpoint written by nmflow. */
export const CHECKPOINT_FORMAT = 'nmflow-checkpoint';
/** The checkpoint format's version; a checkpoint of another version is refused on read. */
export const CHECKPOINT_VERSION = 1;
export const MANIFEST_FILE = 'manifest.json';

/** A named float32 matrix (row-major). */
export interface CheckpointFactor {
  data: Float32Array;
  shape: number[];
}

/** What a run saves; everything except the factors must be JSON-serializable. */
export interface CheckpointState {
  /** Iterations done when the state was taken. */
  iteration: number;
  /** The run's options (JSON-serializable; functions and signals left out by the caller). */
  options: Record<string, unknown>;
  /** `Rng.getState()` (its NaN, "no cached normal", is stored as null). */
  rngState?: number[];
  /** The history so far (check point records). */
  history: unknown[];
  /** Factors by name (`W`, `H`, …): typed arrays with shapes, or tensors (read back here). */
  factors: Record<string, CheckpointFactor | tf.Tensor>;
  /** When the run started (ISO 8601); defaults to now. */
  startedAt?: string;
  /** Anything else the run needs to resume or report (converged, stopReason, …). */
  meta?: Record<string, unknown>;
}

/** A checkpoint as read back. */
export interface Checkpoint {
  version: number;
  generation: number;
  iteration: number;
  options: Record<string, unknown>;
  rngState?: number[];
  history: unknown[];
  factors: Record<string, CheckpointFactor>;
  startedAt: string;
  writtenAt: string;
  meta: Record<string, unknown>;
}

interface FactorEntry {
  file: string;
  shape: number[];
  dtype: 'float32';
  byteLength: number;
  crc32: number;
}

/**
 * Test-only fault injection: called before each step of `writeCheckpoint` with the step's
 * name (`factor:<name>`, `manifest`, `cleanup`); throwing from it simulates a crash there.
 */
export const checkpointTestHooks: { beforeStep?: (step: string) => void } = {};

const NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
const FACTOR_FILE = /^([A-Za-z][A-Za-z0-9_]*)\.(\d+)\.f32$/;

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 (IEEE 802.3) of a byte array. */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const LITTLE_ENDIAN = os.endianness() === 'LE';

function float32ToLE(data: Float32Array): Uint8Array {
  if (LITTLE_ENDIAN) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const out = new Uint8Array(data.length * 4);
  const view = new DataView(out.buffer);
  for (let i = 0; i < data.length; i++) view.setFloat32(i * 4, data[i], true);
  return out;
}

function float32FromLE(bytes: Uint8Array): Float32Array {
  const out = new Float32Array(bytes.length / 4);
  if (LITTLE_ENDIAN) new Uint8Array(out.buffer).set(bytes);
  else {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
  }
  return out;
}

function toFactor(name: string, f: CheckpointFactor | tf.Tensor): CheckpointFactor {
  if (!NAME.test(name)) {
    throw usageError(`checkpoint factor name "${name}" must be a letter then letters, digits, _`);
  }
  const { data, shape } =
    f instanceof tf.Tensor ? { data: f.dataSync() as Float32Array, shape: f.shape } : f;
  const size = shape.reduce((s, d) => s * d, 1);
  if (!(data instanceof Float32Array) || data.length !== size) {
    throw usageError(
      `checkpoint factor ${name}: expected a Float32Array of ${size} entries for shape [${shape.join(', ')}]`,
    );
  }
  return { data, shape: [...shape] };
}

/** Highest generation among the factor files present in `dir` (0 when none). */
function lastGeneration(dir: string): number {
  let g = 0;
  for (const name of fs.readdirSync(dir)) {
    const m = FACTOR_FILE.exec(name);
    if (m) g = Math.max(g, Number(m[2]));
  }
  return g;
}

/**
 * Writes `state` as a checkpoint in `dir` (created if needed), replacing the previous one
 * there atomically (see the file comment). Synchronous, so a signal handler can call it.
 * Returns the manifest's path. Errors: NmflowError of kind `io` naming the file.
 */
export function writeCheckpoint(dir: string, state: CheckpointState): string {
  if (!Number.isInteger(state.iteration) || state.iteration < 0) {
    throw usageError(`checkpoint iteration must be an integer ≥ 0, got ${state.iteration}`);
  }
  const factors = Object.entries(state.factors).map(([name, f]) => [name, toFactor(name, f)]);
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw ioError(dir, 'create the checkpoint directory', err);
  }
  const generation = lastGeneration(dir) + 1;
  const entries: Record<string, FactorEntry> = {};
  for (const [name, factor] of factors as [string, CheckpointFactor][]) {
    checkpointTestHooks.beforeStep?.(`factor:${name}`);
    const file = `${name}.${generation}.f32`;
    const bytes = float32ToLE(factor.data);
    writeFileAtomic(path.join(dir, file), bytes);
    entries[name] = {
      file,
      shape: factor.shape,
      dtype: 'float32',
      byteLength: bytes.length,
      crc32: crc32(bytes),
    };
  }
  const now = new Date().toISOString();
  const manifest = {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    generation,
    iteration: state.iteration,
    startedAt: state.startedAt ?? now,
    writtenAt: now,
    options: state.options,
    rngState: state.rngState?.map((v) => (Number.isNaN(v) ? null : v)),
    history: state.history,
    meta: state.meta ?? {},
    factors: entries,
  };
  checkpointTestHooks.beforeStep?.('manifest');
  const manifestPath = path.join(dir, MANIFEST_FILE);
  writeFileAtomic(manifestPath, JSON.stringify(manifest, null, 1) + '\n');
  checkpointTestHooks.beforeStep?.('cleanup');
  const keep = new Set(Object.values(entries).map((e) => e.file));
  for (const name of fs.readdirSync(dir)) {
    if (FACTOR_FILE.test(name) && !keep.has(name)) fs.rmSync(path.join(dir, name), { force: true });
  }
  removeStaleTemporaries(dir);
  return manifestPath;
}

/** True when `dir` holds a checkpoint manifest (it may still be invalid). */
export function hasCheckpoint(dir: string): boolean {
  return fs.existsSync(path.join(dir, MANIFEST_FILE));
}

function bad(file: string, what: string): never {
  throw inputError(`checkpoint ${file} ${what}`);
}

function readJson(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw inputError(`no checkpoint in ${path.dirname(file)}: ${MANIFEST_FILE} not found`);
    }
    throw ioError(file, 'read', err);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    bad(file, `is not valid JSON (${(err as Error).message}); the file is corrupt`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    bad(file, 'is not a JSON object');
  }
  return json as Record<string, unknown>;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function readFactor(dir: string, manifestFile: string, name: string, e: unknown): CheckpointFactor {
  const where = `factor "${name}"`;
  if (!NAME.test(name) || !isObject(e)) bad(manifestFile, `has an invalid entry for ${where}`);
  const { file, shape, dtype, byteLength, crc32: sum } = e as Partial<FactorEntry>;
  if (typeof file !== 'string' || FACTOR_FILE.exec(file)?.[1] !== name) {
    bad(manifestFile, `names an invalid file for ${where}: ${JSON.stringify(file)}`);
  }
  if (
    !Array.isArray(shape) ||
    shape.length === 0 ||
    !shape.every((d) => Number.isInteger(d) && d >= 0)
  ) {
    bad(manifestFile, `gives an invalid shape for ${where}: ${JSON.stringify(shape)}`);
  }
  const expected = 4 * shape.reduce((s, d) => s * d, 1);
  if (dtype !== 'float32' || byteLength !== expected || typeof sum !== 'number') {
    bad(
      manifestFile,
      `is inconsistent for ${where} (dtype ${dtype}, byteLength ${byteLength}, shape [${shape.join(', ')}] needs ${expected} bytes)`,
    );
  }
  const full = path.join(dir, file);
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(full);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') bad(full, `is missing (${where})`);
    throw ioError(full, 'read', err);
  }
  if (bytes.length !== expected) {
    bad(
      full,
      `is ${bytes.length < expected ? 'truncated' : 'too long'}: ${bytes.length} bytes, expected ${expected} for shape [${shape.join(', ')}]`,
    );
  }
  if (crc32(bytes) !== sum) bad(full, 'is corrupt: its CRC-32 does not match the manifest');
  const data = float32FromLE(bytes);
  const i = data.findIndex((v) => !Number.isFinite(v));
  if (i >= 0) bad(full, `is corrupt: entry ${i} is ${data[i]}`);
  return { data, shape };
}

/**
 * Reads and validates the checkpoint in `dir`. Errors (NmflowError of kind `input`, or `io`
 * when the file system fails) name the file at fault: a missing manifest, invalid JSON, an
 * unknown format or a newer version, a missing, truncated or corrupt factor file.
 */
export function readCheckpoint(dir: string): Checkpoint {
  const manifestFile = path.join(dir, MANIFEST_FILE);
  const m = readJson(manifestFile);
  if (m.format !== CHECKPOINT_FORMAT) {
    bad(manifestFile, `is not an nmflow checkpoint (format ${JSON.stringify(m.format)})`);
  }
  if (m.version !== CHECKPOINT_VERSION) {
    bad(
      manifestFile,
      `has format version ${JSON.stringify(m.version)}; this nmflow reads version ${CHECKPOINT_VERSION}` +
        (typeof m.version === 'number' && m.version > CHECKPOINT_VERSION
          ? ' (written by a newer nmflow: upgrade)'
          : ''),
    );
  }
  const { iteration, generation, rngState } = m;
  if (!Number.isInteger(iteration) || (iteration as number) < 0) {
    bad(manifestFile, `has an invalid iteration ${JSON.stringify(iteration)}`);
  }
  if (!Number.isInteger(generation) || (generation as number) < 1) {
    bad(manifestFile, `has an invalid generation ${JSON.stringify(generation)}`);
  }
  if (
    rngState !== undefined &&
    !(
      Array.isArray(rngState) &&
      rngState.length === 5 &&
      rngState.slice(0, 4).every((v) => Number.isInteger(v) && v >= 0 && v < 2 ** 32) &&
      (rngState[4] === null || Number.isFinite(rngState[4]))
    )
  ) {
    bad(manifestFile, 'has an invalid rngState (expected 4 uint32 words and a number or null)');
  }
  for (const key of ['options', 'meta', 'factors'] as const) {
    if (!isObject(m[key])) bad(manifestFile, `has no valid "${key}" object`);
  }
  if (!Array.isArray(m.history)) bad(manifestFile, 'has no valid "history" array');
  const factors: Record<string, CheckpointFactor> = {};
  for (const [name, entry] of Object.entries(m.factors as Record<string, unknown>)) {
    factors[name] = readFactor(dir, manifestFile, name, entry);
  }
  return {
    version: m.version as number,
    generation: generation as number,
    iteration: iteration as number,
    options: m.options as Record<string, unknown>,
    rngState: (rngState as (number | null)[] | undefined)?.map((v) => v ?? NaN),
    history: m.history as unknown[],
    factors,
    startedAt: String(m.startedAt),
    writtenAt: String(m.writtenAt),
    meta: m.meta as Record<string, unknown>,
  };
}
