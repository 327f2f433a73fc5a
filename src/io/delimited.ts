/**
 * Dense delimited-text matrices (CSV, TSV, semicolon- or space-separated): one row per line.
 * Lines that are empty or start with '#' are skipped. Fields may be double-quoted ("a,b",
 * "" for a quote). The delimiter is given, or 'auto': a tab, else a comma, else a semicolon,
 * else runs of white space, whichever the first line has. The first line is a header when
 * `header` is true, or, with 'auto' (default), when one of its fields is not a number; an
 * 'auto' header that also has numeric fields is reported through `onNote` (naming the line), so
 * that a data row is never dropped silently. With `rowNames` the first field of every line is
 * the row's name. With `missing`, empty fields and NaN are read as NaN (missing values).
 */
import type { DenseMatrix } from '../datasets/types';
import { inputError } from '../errors';
import {
  formatValue,
  GrowingFloats,
  lineError,
  looksNumeric,
  parseNumber,
  readLines,
  writeAtomic,
} from './common';

/** A field delimiter: one character, 'whitespace' (runs of spaces/tabs) or 'auto'. */
export type Delimiter = string;

export interface DelimitedOptions {
  header?: boolean | 'auto';
  maxBytes: number;
  /** The first field of each line is the row's name (default false). */
  rowNames?: boolean;
  /** Empty fields and NaN are missing values, read as NaN (default false: an error). */
  missing?: boolean;
  /** Notes for the user (e.g. a header taken by 'auto' although it has numbers). */
  onNote?: (note: string) => void;
}

export interface DelimitedMatrix extends DenseMatrix {
  columnNames?: string[];
  rowNames?: string[];
}

/**
 * The delimiter of `text` (a first line) for 'auto': a tab, else a comma, else a semicolon,
 * else white space; for 'csv-auto' (a .csv file): a comma, else a semicolon, else a comma.
 */
export function detectDelimiter(text: string, mode: 'auto' | 'csv-auto' = 'auto'): string {
  if (mode === 'csv-auto') return !text.includes(',') && text.includes(';') ? ';' : ',';
  if (text.includes('\t')) return '\t';
  if (text.includes(',')) return ',';
  if (text.includes(';')) return ';';
  return 'whitespace';
}

/** Splits one line into trimmed fields; double quotes group (and "" escapes) as in RFC 4180. */
export function splitFields(text: string, delimiter: string): string[] {
  if (delimiter === 'whitespace') return text.trim().split(/\s+/);
  if (!text.includes('"')) return text.split(delimiter).map((f) => f.trim());
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field.trim() === '') {
      quoted = true;
      field = '';
    } else if (text.startsWith(delimiter, i)) {
      out.push(field.trim());
      field = '';
      i += delimiter.length - 1;
    } else field += c;
  }
  out.push(quoted ? field : field.trim());
  return out;
}

const MISSING = /^(nan|na|null)?$/i;

export async function readDelimited(
  path: string,
  delimiter: Delimiter,
  opts: DelimitedOptions,
): Promise<DelimitedMatrix> {
  const values = new GrowingFloats(path, opts.maxBytes, 'the matrix');
  const skip = opts.rowNames ? 1 : 0;
  let cols = -1;
  let rows = 0;
  let columnNames: string[] | undefined;
  const rowNames: string[] = [];
  let first = true;
  let sep = delimiter;
  for await (const { text, line } of readLines(path)) {
    if (text.trim() === '' || text.startsWith('#')) continue;
    if (first && (sep === 'auto' || sep === 'csv-auto')) sep = detectDelimiter(text, sep);
    const fields = splitFields(text, sep);
    if (first) {
      first = false;
      if (isHeader(fields.slice(skip), path, line, opts)) {
        columnNames = fields.slice(skip);
        cols = fields.length;
        continue;
      }
    }
    if (cols === -1) cols = fields.length;
    if (fields.length !== cols) {
      throw lineError(
        path,
        line,
        `has ${fields.length} fields, expected ${cols} (as on the first ${columnNames ? 'header ' : ''}line)` +
          (fields.length === 1 && cols > 1 ? `; fields are separated by ${describe(sep)}` : ''),
      );
    }
    if (skip) rowNames.push(fields[0]);
    for (let j = skip; j < fields.length; j++) {
      const f = fields[j];
      if (opts.missing && MISSING.test(f)) values.push(NaN);
      else if (!opts.missing && (f === '' || /^nan$/i.test(f))) {
        throw lineError(
          path,
          line,
          `field ${j + 1} is ${f === '' ? 'not a number: ""' : `a non-finite value: ${JSON.stringify(f)}`} ` +
            `(a missing value? pass --nan-as-missing to read empty fields and NaN as missing)`,
        );
      } else values.push(parseNumber(f, path, line, `field ${j + 1}`));
    }
    rows++;
  }
  if (rows === 0) throw inputError(`${path}: no data rows`);
  if (cols - skip < 1) throw inputError(`${path}: no numeric columns besides the row names`);
  return {
    data: values.toArray(),
    shape: [rows, cols - skip],
    ...(columnNames ? { columnNames } : {}),
    ...(skip ? { rowNames } : {}),
  };
}

function describe(sep: string): string {
  return sep === 'whitespace'
    ? 'white space'
    : sep === '\t'
      ? 'tabs'
      : `"${sep}" (choose another with --delimiter / the delimiter option)`;
}

/** Whether the first line is a header; 'auto' says so when a header also holds numbers. */
function isHeader(fields: string[], path: string, line: number, opts: DelimitedOptions): boolean {
  if (opts.header === true) return true;
  if (opts.header === false) return false;
  // Empty fields (and with `missing`, NA / null) are missing values, not names.
  const text = fields.filter(
    (f) => f !== '' && !looksNumeric(f) && !(opts.missing && MISSING.test(f)),
  );
  if (text.length === 0) return false;
  const numeric = fields
    .map((f, j) => [f, j] as const)
    .filter(([f]) => looksNumeric(f) && !/^nan$/i.test(f));
  if (numeric.length > 0) {
    opts.onNote?.(
      `${path}:${line}: taken as a header (it has text: ${JSON.stringify(text[0].slice(0, 20))}) ` +
        `although ${numeric.length === 1 ? 'field' : 'fields'} ${numeric
          .slice(0, 5)
          .map(([f, j]) => `${j + 1} (${f})`)
          .join(', ')} ${numeric.length === 1 ? 'is a number' : 'are numbers'}; ` +
        `pass --header no (header: false) to read it as data`,
    );
  }
  return true;
}

export async function writeDelimited(
  path: string,
  /** Float32 data is written in the shortest form that reads back to the same float32; float64
   * data in the shortest that reads back to the same float64 (at most 17 significant digits). */
  m: DenseMatrix | { data: Float64Array; shape: [number, number] },
  delimiter: ',' | '\t',
  columnNames?: readonly string[],
): Promise<void> {
  const [rows, cols] = m.shape;
  const single = !(m.data instanceof Float64Array);
  function* chunks(): Generator<string> {
    if (columnNames) yield columnNames.join(delimiter) + '\n';
    for (let i = 0; i < rows; i++) {
      const row: string[] = new Array(cols);
      for (let j = 0; j < cols; j++) row[j] = formatValue(m.data[i * cols + j], single);
      yield row.join(delimiter) + '\n';
    }
  }
  await writeAtomic(path, chunks());
}
