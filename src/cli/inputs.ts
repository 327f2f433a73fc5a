/** Reading the data a command works on: matrix files and registered data sets. */
import * as fs from 'fs';
import * as path from 'path';
import {
  loadDataset,
  vectorizeFolder,
  type DataMatrix,
  type Dataset,
  type DenseMatrix,
} from '../datasets';
import { TEXT_EXTENSIONS } from '../datasets/text-folder';
import { inputError, usageError } from '../errors';
import {
  csrToDense,
  formatFromName,
  readImageFolder,
  readMatrixFile,
  readUciBagOfWords,
  writeMatrixFile,
  type MatrixNames,
  type DenseMatrix64,
  type ReadMatrixOptions,
} from '../io';
import { IMAGE_EXTENSIONS } from '../io/images';
import {
  matrixReadOptions,
  parseDatasetOptions,
  rejectFlags,
  vectorizerOptions,
  type DataArgs,
  type ReadArgs,
  type TextArgs,
} from './data-args';
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
  /** Names of the rows (file names, a CSV's first column with --row-names, documents). */
  rowNames?: string[];
  /** Names of the columns (a CSV's header, the vocabulary). */
  columnNames?: string[];
  /** Missing entries are NaN (with --nan-as-missing). */
  missing?: boolean;
}

/** `28x28` → [28, 28]. */
export function parseImageShape(text: string): [number, number] {
  const m = /^(\d+)[x×,](\d+)$/.exec(text.trim());
  if (!m || Number(m[1]) < 1 || Number(m[2]) < 1) {
    throw usageError(`option --image-shape must be HEIGHTxWIDTH (e.g. 28x28), got "${text}"`);
  }
  return [Number(m[1]), Number(m[2])];
}

const READ_FLAGS = ['input-format', 'delimiter', 'header', 'row-names', 'nan-as-missing'];
const TEXT_FLAGS = ['one-per-line', 'max-features', 'min-df', 'max-df', 'stop-words', 'ngram'];

/**
 * The data of `--dataset NAME` (with `--limit`), `--input FILE` (non-negative entries, NaN
 * where missing with --nan-as-missing) or `--input DIR` (a folder of images or documents).
 * Notes for the user (e.g. a first line taken as a header) go to `note`.
 */
export async function loadNmfData(
  args: DataArgs & ReadArgs & TextArgs & { seed: number; maxBytes?: number },
  note: (text: string) => void = () => undefined,
): Promise<NmfInputData> {
  if ((args.dataset === undefined) === (args.input === undefined)) {
    throw usageError('give exactly one of --dataset NAME or --input FILE|DIR');
  }
  const imageShape =
    args['image-shape'] === undefined ? undefined : parseImageShape(args['image-shape']);
  let data: NmfInputData;
  if (args.dataset !== undefined) {
    rejectFlags(args, [...READ_FLAGS, ...TEXT_FLAGS], '--input');
    const ds: Dataset = await loadDataset(args.dataset, {
      seed: args.seed,
      ...(args.limit === undefined ? {} : { limit: args.limit }),
      ...parseDatasetOptions(args['dataset-option']),
    });
    data = { name: ds.name, X: ds.X, imageShape: ds.imageShape, vocabulary: ds.vocabulary };
    if (ds.vocabulary) data.columnNames = ds.vocabulary;
    if (ds.rowNames) data.rowNames = ds.rowNames;
  } else {
    rejectFlags(args, ['limit', 'dataset-option'], '--dataset');
    const input = args.input!;
    if (!fs.existsSync(input)) throw usageError(`--input ${input}: no such file or folder`);
    if (fs.statSync(input).isDirectory()) return loadFolder(input, args, imageShape);
    rejectFlags(args, TEXT_FLAGS, 'document folders (--input DIR)');
    const options = matrixReadOptions(args, note);
    if ((options.format ?? formatFromName(input)) === 'uci') {
      rejectFlags(args, READ_FLAGS.slice(1), 'delimited text input');
      // Counts (non-negative by format), with the vocabulary beside the file when there is one.
      const ds = await readUciBagOfWords(input, { maxBytes: args.maxBytes });
      data = { name: input, X: ds.X, vocabulary: ds.vocabulary };
      if (ds.vocabulary) data.columnNames = ds.vocabulary;
    } else {
      const m = (await readMatrixFile(input, {
        ...options,
        nonNegative: true,
        maxBytes: args.maxBytes,
      })) as DataMatrix & MatrixNames;
      data = { name: input, X: stripNames(m) };
      if (m.rowNames) data.rowNames = m.rowNames;
      if (m.columnNames) data.columnNames = m.columnNames;
      if (options.missing) data.missing = true;
    }
  }
  if (imageShape !== undefined) {
    const [h, w] = imageShape;
    if (h * w !== data.X.shape[1]) {
      throw usageError(
        `option --image-shape ${h}x${w} has ${h * w} pixels but the data has ${data.X.shape[1]} columns`,
      );
    }
    data.imageShape = [h, w];
  }
  return data;
}

/** The matrix without the names a reader attached (so it is a plain DataMatrix). */
function stripNames(m: DataMatrix & MatrixNames): DataMatrix {
  const { rowNames: _r, columnNames: _c, ...rest } = m;
  void _r;
  void _c;
  return rest as DataMatrix;
}

/** A folder of images (→ image rows) or of documents (→ tf-idf rows, vocabulary columns). */
async function loadFolder(
  dir: string,
  args: DataArgs & ReadArgs & TextArgs,
  imageShape: [number, number] | undefined,
): Promise<NmfInputData> {
  rejectFlags(args, READ_FLAGS, 'matrix files (--input FILE)');
  const names = fs.readdirSync(dir);
  const ext = (f: string) => path.extname(f).toLowerCase();
  const images = names.filter((f) => IMAGE_EXTENSIONS.includes(ext(f)));
  const texts = names.filter((f) => TEXT_EXTENSIONS.includes(ext(f)));
  if (images.length > 0 && texts.length > 0) {
    throw usageError(
      `--input ${dir} holds both images (${images[0]}, …) and documents (${texts[0]}, …); put them in separate folders`,
    );
  }
  if (images.length > 0) {
    rejectFlags(args, TEXT_FLAGS, 'document folders');
    let ds: Dataset;
    try {
      ds = await readImageFolder(dir, imageShape ? { shape: imageShape, resize: true } : {});
    } catch (err) {
      if (err instanceof Error && /pass resize: true/.test(err.message)) {
        throw inputError(
          err.message.replace(
            /\(as ([^)]*)\); pass resize: true to resample/,
            '(as $1); pass --image-shape HxW to resize every image',
          ),
        );
      }
      throw err;
    }
    return { name: dir, X: ds.X, imageShape: ds.imageShape, rowNames: ds.rowNames };
  }
  if (texts.length > 0) {
    if (imageShape) throw usageError('option --image-shape applies to image folders only');
    const ds = await vectorizeFolder(dir, vectorizerOptions(args), {
      onePerLine: args['one-per-line'] ?? false,
    });
    return {
      name: dir,
      X: ds.X,
      vocabulary: ds.vocabulary,
      columnNames: ds.vocabulary,
      rowNames: ds.rowNames,
    };
  }
  throw usageError(
    `--input ${dir} has no images (${IMAGE_EXTENSIONS.join(', ')}) or documents (${TEXT_EXTENSIONS.join(', ')})`,
  );
}

/** Writes a matrix all-or-nothing in the format its extension names. */
export async function writeMatrixOut(
  file: string,
  m: DataMatrix | DenseMatrix64,
  options: { vocabulary?: string[] } = {},
): Promise<string[]> {
  return writeFileStaged(file, (tmp) => writeMatrixFile(tmp, m, options));
}
