/**
 * Output files that appear whole or not at all. A command writes into a staging folder next
 * to its destination and moves the files into place only when everything succeeded, so a
 * failure leaves nothing new behind (not even a half-written file).
 */
import * as fs from 'fs';
import * as path from 'path';
import { usageError } from '../errors';

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
    const staging = fs.mkdtempSync(path.join(parent, `.tmp-${path.basename(target)}-`));
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
