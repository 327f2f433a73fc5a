/**
 * Streaming row readers: a matrix file read in batches of consecutive rows (CSR for Matrix
 * Market and UCI docword, dense for NPY and delimited text), never loaded whole, for online
 * NMF (nmf/online.ts). `openRowStream` picks the reader by format (given, or from the name);
 * errors name the file and line. The buffers of a batch are reused for the next one, so
 * memory follows the batch size, not the number of rows.
 */
import { usageError } from '../errors';
import type { RowSource } from '../nmf/online-source';
import { formatFromName, type MatrixFormat } from './index';
import { openDelimitedStream } from './stream-delimited';
import { openMtxStream } from './stream-mtx';
import { openNpyStream } from './stream-npy';
import { openUciStream } from './stream-uci';

/** How `openRowStream` reads a file: its format and, for delimited text, delimiter and header. */
export interface RowStreamOptions {
  /** mtx, uci, npy, csv or tsv (default: from the file name). */
  format?: MatrixFormat;
  /** Delimited text: the delimiter (default 'auto') and whether line 1 is a header ('auto'). */
  delimiter?: string;
  header?: boolean | 'auto';
}

/** The formats that stream by rows. */
export const STREAM_FORMATS: readonly MatrixFormat[] = ['mtx', 'uci', 'npy', 'csv', 'tsv'];

/** Opens `path` for reading in row batches (reads the header, and for text counts the rows). */
export async function openRowStream(
  path: string,
  options: RowStreamOptions = {},
): Promise<RowSource> {
  const format = options.format ?? formatFromName(path);
  switch (format) {
    case 'mtx':
      return openMtxStream(path);
    case 'uci':
      return openUciStream(path);
    case 'npy':
      return openNpyStream(path);
    case 'csv':
    case 'tsv':
      return openDelimitedStream(path, {
        delimiter: options.delimiter ?? (format === 'tsv' ? '\t' : 'csv-auto'),
        header: options.header ?? 'auto',
      });
    default:
      throw usageError(
        `cannot stream ${path}${format ? ` (format ${format})` : ''} by rows: use one of ${STREAM_FORMATS.join(', ')}` +
          (format
            ? ''
            : ' (pass the format, or name the file .mtx, .npy, .csv, .tsv or docword.*.txt)'),
      );
  }
}
