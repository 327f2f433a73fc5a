/** Reading the data a command works on: matrix files and registered data sets. */
import * as fs from 'fs';
import { loadDataset, type DataMatrix, type Dataset, type DenseMatrix } from '../datasets';
import { usageError } from '../errors';
import {
  csrToDense,
  formatFromName,
  readMatrixFile,
  readUciBagOfWords,
  writeMatrixFile,
  type ReadMatrixOptions,
} from '../io';
import { isCsr } from '../linalg/csr';
import { writeFileStaged } from './output';

/**
 * Reads the matrix file given to `--flag`. A missing file is the caller's mistake (exit 2),
 * whatever the reader would call it.
 */
export async function readMatrixArg(
  file: string,
  flag: string,
  options: ReadMatrixOptions = {},
): Promise<DataMatrix> {
  requireFile(file, flag);
  return readMatrixFile(file, options);
}

/** Throws a usage error unless `file` exists and is a file. */
export function requireFile(file: string, flag: string): void {
  if (!fs.existsSync(file)) throw usageError(`--${flag} ${file}: no such file`);
  if (!fs.statSync(file).isFile()) throw usageError(`--${flag} ${file} is not a file`);
}

/** A dense view of a matrix read from a file (sparse formats are densified). */
export function dense(m: DataMatrix): DenseMatrix {
  return isCsr(m) ? csrToDense(m) : m;
}

/** What factorize / compare work on. */
export interface NmfInputData {
  /** The data set name, or the file name. */
  name: string;
  X: DataMatrix;
  imageShape?: [number, number];
  vocabulary?: string[];
}

/** `28x28` → [28, 28]. */
export function parseImageShape(text: string): [number, number] {
  const m = /^(\d+)[x×,](\d+)$/.exec(text.trim());
  if (!m || Number(m[1]) < 1 || Number(m[2]) < 1) {
    throw usageError(`option --image-shape must be HEIGHTxWIDTH (e.g. 28x28), got "${text}"`);
  }
  return [Number(m[1]), Number(m[2])];
}

/** The data of `--dataset NAME` (with `--limit`) or `--input FILE` (non-negative entries). */
export async function loadNmfData(args: {
  dataset?: string;
  input?: string;
  limit?: number;
  seed: number;
  imageShape?: string;
  /** Largest allocation a matrix file may ask for (bytes; default the readers' 2 GiB). */
  maxBytes?: number;
}): Promise<NmfInputData> {
  if ((args.dataset === undefined) === (args.input === undefined)) {
    throw usageError('give exactly one of --dataset NAME or --input FILE');
  }
  let data: NmfInputData;
  if (args.dataset !== undefined) {
    const ds: Dataset = await loadDataset(args.dataset, {
      seed: args.seed,
      ...(args.limit === undefined ? {} : { limit: args.limit }),
    });
    data = { name: ds.name, X: ds.X, imageShape: ds.imageShape, vocabulary: ds.vocabulary };
  } else {
    if (args.limit !== undefined) throw usageError('option --limit applies to --dataset only');
    const file = args.input!;
    requireFile(file, 'input');
    if (formatFromName(file) === 'uci') {
      // Counts (non-negative by format), with the vocabulary beside the file when there is one.
      const ds = await readUciBagOfWords(file, { maxBytes: args.maxBytes });
      data = { name: file, X: ds.X, vocabulary: ds.vocabulary };
    } else {
      const X = await readMatrixFile(file, { nonNegative: true, maxBytes: args.maxBytes });
      data = { name: file, X };
    }
  }
  if (args.imageShape !== undefined) {
    const [h, w] = parseImageShape(args.imageShape);
    if (h * w !== data.X.shape[1]) {
      throw usageError(
        `option --image-shape ${h}x${w} has ${h * w} pixels but the data has ${data.X.shape[1]} columns`,
      );
    }
    data.imageShape = [h, w];
  }
  return data;
}

/** Writes a matrix all-or-nothing in the format its extension names. */
export async function writeMatrixOut(
  file: string,
  m: DataMatrix,
  options: { vocabulary?: string[] } = {},
): Promise<string[]> {
  return writeFileStaged(file, (tmp) => writeMatrixFile(tmp, m, options));
}
