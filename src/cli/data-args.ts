/**
 * The data flags of `factorize`, `compare` and `transform`: where the data comes from
 * (a registered data set, a matrix file, a folder of images or documents), how a text file is
 * read (format, delimiter, header, row names, missing values), and the vectorizer settings of
 * a document folder.
 */
import type { Argv } from 'yargs';
import { usageError } from '../errors';
import { MATRIX_FORMATS, type MatrixFormat, type ReadMatrixOptions } from '../io';
import type { VectorizerOptions } from '../datasets';

export interface DataArgs {
  dataset?: string;
  input?: string;
  limit?: number;
  'image-shape'?: string;
  'dataset-option'?: string[];
}

export interface ReadArgs {
  'input-format'?: string;
  delimiter?: string;
  header?: string;
  'row-names'?: boolean;
  'nan-as-missing'?: boolean;
}

export interface TextArgs {
  'one-per-line'?: boolean;
  'max-features'?: number;
  'min-df'?: number;
  'max-df'?: number;
  'stop-words'?: string;
  ngram?: string;
}

export const INPUT_FORMATS = [...MATRIX_FORMATS, 'txt'];

/** The flags that say how `--input FILE` is read (also used by `transform`). */
export function readOptions<T>(y: Argv<T>): Argv<T & ReadArgs> {
  return y
    .option('input-format', {
      type: 'string',
      choices: INPUT_FORMATS,
      describe: 'format of --input (default: from its name; txt = delimited text)',
    })
    .option('delimiter', {
      type: 'string',
      describe: 'text input: field separator, one character or tab, space (runs of white space)',
    })
    .option('header', {
      type: 'string',
      choices: ['auto', 'yes', 'no'],
      describe: 'text input: first line is a header (auto: when it has a non-number, with a note)',
    })
    .option('row-names', {
      type: 'boolean',
      describe: 'text input: the first column holds row names',
    })
    .option('nan-as-missing', {
      type: 'boolean',
      describe: 'text input: empty fields and NaN are missing values (default solver then mu)',
    }) as Argv<T & ReadArgs>;
}

export function dataOptions<T>(y: Argv<T>): Argv<T & DataArgs & ReadArgs & TextArgs> {
  return readOptions(
    y
      .option('dataset', {
        type: 'string',
        describe: 'a registered data set (see `nmflow datasets list`)',
      })
      .option('input', {
        type: 'string',
        describe:
          'a matrix file, rows = samples (.csv, .tsv, .txt, .mtx, .npy, .coo, docword.*.txt), ' +
          'or a folder of images (.png, .jpg, .pgm) or of documents (.txt, .md)',
      })
      .option('limit', {
        type: 'number',
        describe: '--dataset: keep this many rows (seeded subset)',
      })
      .option('dataset-option', {
        type: 'string',
        array: true,
        describe: '--dataset: a generator or vectorizer setting KEY=VALUE, e.g. rows=500',
      })
      .option('image-shape', {
        type: 'string',
        describe: 'draw rows as HEIGHTxWIDTH images, e.g. 28x28; image folders: resize to it',
      }),
  )
    .option('one-per-line', {
      type: 'boolean',
      describe: 'document folder: each non-empty line is a document',
    })
    .option('max-features', { type: 'number', describe: 'document folder: keep this many terms' })
    .option('min-df', {
      type: 'number',
      describe: 'document folder: drop terms in fewer documents (count, or fraction < 1)',
    })
    .option('max-df', {
      type: 'number',
      describe: 'document folder: drop terms in more documents (count, or fraction ≤ 1)',
    })
    .option('stop-words', {
      type: 'string',
      describe: 'document folder: english (default), none, or a comma-separated list',
    })
    .option('ngram', {
      type: 'string',
      describe: 'document folder: word n-grams LO,HI (default 1,1; 1,2 adds word pairs)',
    })
    .group(['dataset', 'input', 'limit', 'dataset-option', 'image-shape'], 'Data:')
    .group(
      ['input-format', 'delimiter', 'header', 'row-names', 'nan-as-missing'],
      'Reading text files:',
    )
    .group(
      ['one-per-line', 'max-features', 'min-df', 'max-df', 'stop-words', 'ngram'],
      'Document folders:',
    ) as Argv<T & DataArgs & ReadArgs & TextArgs>;
}

/** `tab` → '\t', `space`/`whitespace` → 'whitespace', `comma`, `semicolon`, or one character. */
export function parseDelimiter(text: string): string {
  const named: Record<string, string> = {
    tab: '\t',
    '\\t': '\t',
    space: 'whitespace',
    whitespace: 'whitespace',
    ' ': 'whitespace',
    comma: ',',
    semicolon: ';',
    auto: 'auto',
  };
  const d = named[text.toLowerCase()] ?? text;
  if (d !== 'whitespace' && d !== 'auto' && (d.length !== 1 || d === '"')) {
    throw usageError(
      `option --delimiter must be one character (e.g. ";"), tab or space, got ${JSON.stringify(text)}`,
    );
  }
  return d;
}

/** How to read `--input FILE` given the read flags; notes (e.g. about headers) go to `note`. */
export function matrixReadOptions(args: ReadArgs, note: (text: string) => void): ReadMatrixOptions {
  const options: ReadMatrixOptions = { onNote: note };
  const format = args['input-format'];
  if (format === 'txt') {
    options.format = 'csv';
    options.delimiter = 'auto';
  } else if (format !== undefined) options.format = format as MatrixFormat;
  if (args.delimiter !== undefined) options.delimiter = parseDelimiter(args.delimiter);
  if (args.header !== undefined) {
    options.header = args.header === 'yes' ? true : args.header === 'no' ? false : 'auto';
  }
  if (args['row-names']) options.rowNames = true;
  if (args['nan-as-missing']) options.missing = true;
  return options;
}

/** The vectorizer settings of a document folder from the flags (unset flags: defaults). */
export function vectorizerOptions(args: TextArgs): VectorizerOptions {
  const o: VectorizerOptions = {};
  if (args['max-features'] !== undefined) o.maxFeatures = args['max-features'];
  if (args['min-df'] !== undefined) o.minDf = args['min-df'];
  if (args['max-df'] !== undefined) o.maxDf = args['max-df'];
  const stop = args['stop-words'];
  if (stop !== undefined) {
    o.stopWords =
      stop === 'english' || stop === 'none'
        ? stop
        : stop
            .split(',')
            .map((w) => w.trim().toLowerCase())
            .filter((w) => w !== '');
  }
  if (args.ngram !== undefined) {
    const m =
      /^\s*(\d+)\s*[,:-]\s*(\d+)\s*$/.exec(args.ngram) ?? /^\s*(\d+)()\s*$/.exec(args.ngram);
    const lo = m ? Number(m[1]) : NaN;
    const hi = m ? Number(m[2] || m[1]) : NaN;
    if (!m || lo < 1 || hi < lo) {
      throw usageError(
        `option --ngram must be LO,HI with 1 ≤ LO ≤ HI (e.g. 1,2), got "${args.ngram}"`,
      );
    }
    o.ngramRange = [lo, hi];
  }
  return o;
}

/** Flags that only make sense for some inputs; naming the one given where it does not apply. */
export function rejectFlags(args: object, flags: string[], where: string): void {
  for (const f of flags) {
    const v = (args as Record<string, unknown>)[f];
    if (v !== undefined && v !== false) throw usageError(`option --${f} applies to ${where} only`);
  }
}

/** `--dataset-option rows=500 noise=0.1` → { rows: 500, noise: 0.1 } (numbers, booleans, text). */
export function parseDatasetOptions(items: string[] | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const item of items ?? []) {
    const m = /^([A-Za-z][\w-]*)=(.*)$/.exec(item);
    if (!m) throw usageError(`option --dataset-option must be KEY=VALUE, got "${item}"`);
    const key = m[1].replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    const text = m[2].trim();
    out[key] =
      text === 'true'
        ? true
        : text === 'false'
          ? false
          : text !== '' && Number.isFinite(Number(text))
            ? Number(text)
            : text;
  }
  return out;
}
