/**
 * Output files that appear whole or not at all. A command writes into a staging folder next
 * to its destination and moves the files into place only when everything succeeded, so a
 * failure leaves nothing new behind (not even a half-written file).
 *
 * Output folders (`factorize --out`, `compare --out`) are refused when they are not empty,
 * unless --force: then the folder's previous nmflow outputs are replaced as a whole. The new
 * folder is staged complete (with copies of the files that are not nmflow's), then the old
 * folder is renamed aside and the staged one renamed into its place: a reader sees the old set
 * or the new set, never a mix. If the process dies between those two renames, the folder is
 * missing and its old set waits beside it as `.old-NAME-*`; the next `checkOutDir` or
 * `replaceStaged` on it puts the old set back.
 *
 * Staging folders are named `.tmp-NAME-PID-XXXXXX` after the process that owns them: one left
 * by a process that was killed (no such process any more) is removed by the next stage opened
 * beside it.
 */
import * as fs from 'fs';
import * as path from 'path';
import { usageError } from '../errors';
import { formatFromName } from '../io';

/** A staging folder for the files of one output folder `dir`. */
export class StagedDir {
  private constructor(
    readonly target: string,
    readonly staging: string,
    /** The first parent folder this stage had to create (removed again on discard). */
    private readonly createdParent: string | undefined,
  ) {}

  /** Opens a stage for `dir` (which need not exist yet; if it exists it must be a folder). */
  static open(dir: string): StagedDir {
    const target = path.resolve(dir);
    if (fs.existsSync(target) && !fs.statSync(target).isDirectory()) {
      throw usageError(`--out ${dir} exists and is not a folder`);
    }
    const parent = path.dirname(target);
    const created = fs.mkdirSync(parent, { recursive: true });
    removeStaleStages(parent, path.basename(target));
    const prefix = `.tmp-${path.basename(target)}-${process.pid}-`;
    const staging = fs.mkdtempSync(path.join(parent, prefix));
    return new StagedDir(target, staging, created);
  }

  /** Where to write `name` now (inside the staging folder). */
  path(name: string): string {
    return path.join(this.staging, name);
  }

  /** Moves every staged entry into the target folder (replacing same-named ones). */
  commit(): string[] {
    fs.mkdirSync(this.target, { recursive: true });
    const names = fs.readdirSync(this.staging).sort();
    for (const name of names) {
      const dest = path.join(this.target, name);
      if (fs.existsSync(dest) && fs.statSync(dest).isDirectory()) {
        fs.rmSync(dest, { recursive: true });
      }
      fs.renameSync(path.join(this.staging, name), dest);
    }
    fs.rmdirSync(this.staging);
    return names.map((n) => path.join(this.target, n));
  }

  /** Removes the staging folder and any parent folder it created. */
  discard(): void {
    fs.rmSync(this.createdParent ?? this.staging, { recursive: true, force: true });
  }
}

/**
 * Removes the staging folders `.tmp-NAME-PID-XXXXXX` in `parent` whose process is gone (killed
 * before it could commit or discard). Folders of live processes, and any other name, are kept.
 */
export function removeStaleStages(parent: string, name: string): void {
  const pattern = new RegExp(`^\\.tmp-${escapeRegExp(name)}-(\\d+)-[A-Za-z0-9]{6}$`);
  let entries: string[];
  try {
    entries = fs.readdirSync(parent);
  } catch {
    return;
  }
  for (const entry of entries) {
    const m = pattern.exec(entry);
    if (m && !processAlive(Number(m[1]))) {
      fs.rmSync(path.join(parent, entry), { recursive: true, force: true });
    }
  }
}

/** True when a process with this id exists (signal 0 checks without sending anything). */
function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Names of the files nmflow writes into an output folder (replaced as a whole by --force). */
const NMFLOW_OUTPUT =
  /^(manifest\.json|components\.(f32|png)|[WH]\.(npy|csv|tsv|mtx)|names\.json|topics\.(txt|json)|components\.(txt|json)|report\.html|compare\.(html|json))$/;

/** True when `name` is a file nmflow writes into an output folder. */
export function isNmflowOutput(name: string): boolean {
  return NMFLOW_OUTPUT.test(name);
}

/**
 * Checks an output folder before any computation: it must be a folder or not exist, and be
 * empty unless `force`. Puts back an old set left aside by a run that died mid-swap.
 */
export function checkOutDir(dir: string, force: boolean, flag = 'out'): void {
  const target = path.resolve(dir);
  recoverSwap(target);
  if (!fs.existsSync(target)) return;
  if (!fs.statSync(target).isDirectory())
    throw usageError(`--${flag} ${dir} exists and is not a folder`);
  const entries = fs.readdirSync(target).sort();
  if (entries.length > 0 && !force) {
    const shown = entries.slice(0, 4).join(', ') + (entries.length > 4 ? ', …' : '');
    throw usageError(
      `--${flag} ${dir} is not empty (${entries.length} ${entries.length === 1 ? 'entry' : 'entries'}: ${shown}); ` +
        `pass --force to replace its nmflow outputs, or choose another folder`,
    );
  }
}

/** A folder renamed aside by an interrupted swap is put back when the folder is missing. */
function recoverSwap(target: string): void {
  const parent = path.dirname(target);
  if (fs.existsSync(target) || !fs.existsSync(parent)) return;
  // mkdtemp's suffix is 6 characters: `.old-run-2-abcdef` is not run's.
  const prefix = `.old-${path.basename(target)}-`;
  const old = fs
    .readdirSync(parent)
    .find((f) => f.startsWith(prefix) && /^[A-Za-z0-9]{6}$/.test(f.slice(prefix.length)));
  if (old) fs.renameSync(path.join(parent, old), target);
}

/** Milliseconds to wait before swapping a replaced folder (tests kill the process there). */
function swapDelayMs(): number {
  const v = Number(process.env.NMFLOW_TEST_SWAP_DELAY_MS ?? 0);
  return Number.isFinite(v) && v > 0 ? v : 0;
}

/**
 * Like `writeStaged`, but the output folder `dir` ends up holding exactly the new nmflow
 * outputs (plus the files of `dir` that are not nmflow's, as `isOwnOutput` tells): old nmflow
 * outputs do not survive.
 * Call `checkOutDir` first (before computing), which refuses a non-empty folder without
 * --force.
 */
export async function replaceStaged<T>(
  dir: string,
  write: (stage: StagedDir) => Promise<T>,
  isOwnOutput: (name: string) => boolean = isNmflowOutput,
): Promise<{ value: T; files: string[] }> {
  const target = path.resolve(dir);
  recoverSwap(target);
  const existing = fs.existsSync(target) ? fs.readdirSync(target) : [];
  if (existing.length === 0) return writeStaged(dir, write);
  const stage = StagedDir.open(dir);
  let value: T;
  let written: Set<string>;
  try {
    value = await write(stage);
    written = new Set(fs.readdirSync(stage.staging));
    for (const name of existing) {
      if (isOwnOutput(name) || written.has(name)) continue;
      fs.cpSync(path.join(target, name), stage.path(name), { recursive: true });
    }
  } catch (err) {
    stage.discard();
    throw err;
  }
  const delay = swapDelayMs();
  if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
  const aside = fs.mkdtempSync(path.join(path.dirname(target), `.old-${path.basename(target)}-`));
  fs.rmdirSync(aside);
  fs.renameSync(target, aside);
  fs.renameSync(stage.staging, target);
  fs.rmSync(aside, { recursive: true, force: true });
  return { value, files: [...written].sort().map((n) => path.join(target, n)) };
}

/**
 * Checks `file` as a matrix output before any computation: its extension must name a format
 * nmflow writes, and it must not be a folder.
 */
export function checkMatrixOut(file: string, flag: string, formats: readonly string[]): void {
  const format = formatFromName(file);
  if (!format || !formats.includes(format)) {
    throw usageError(
      `--${flag}: cannot tell the format of ${file} from its name; use one of the extensions ` +
        `${formats.map((f) => FORMAT_EXTENSION[f] ?? '.' + f).join(', ')}`,
    );
  }
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) {
    throw usageError(`--${flag} ${file} is a folder; give a file name`);
  }
}

const FORMAT_EXTENSION: Record<string, string> = { uci: 'docword.NAME.txt' };

/** Runs `write(stage)` and commits its files into `dir`, or discards them if it throws. */
export async function writeStaged<T>(
  dir: string,
  write: (stage: StagedDir) => Promise<T>,
): Promise<{ value: T; files: string[] }> {
  const stage = StagedDir.open(dir);
  try {
    const value = await write(stage);
    return { value, files: stage.commit() };
  } catch (err) {
    stage.discard();
    throw err;
  }
}

/**
 * Writes one file (and any companion files the writer adds beside it, such as a UCI
 * vocabulary) all-or-nothing: `write(tmp)` writes into a staging folder under the same name,
 * so formats detected from the file name still work, then everything is moved into place.
 */
export async function writeFileStaged(
  file: string,
  write: (tmp: string) => Promise<void> | void,
): Promise<string[]> {
  const target = path.resolve(file);
  const { files } = await writeStaged(path.dirname(target), (stage) =>
    Promise.resolve(write(stage.path(path.basename(target)))),
  );
  return files;
}
