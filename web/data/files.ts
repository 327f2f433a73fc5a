/**
 * The user's files (dropped or chosen) as a data set: several images or a folder of them, one
 * matrix file (CSV/TSV, .npy, Matrix Market .mtx), or plain-text documents (.txt, .md).
 * Files of other kinds (e.g. .DS_Store) are skipped, and so are other files among images.
 */
import type { Dataset } from '../../src/browser';
import { fileName, loadImages } from './images';
import { parseCsv, parseMtx, parseNpy } from './matrix';
import { loadDocuments } from './text';

const IMAGE = /\.(png|jpe?g|gif|bmp|webp)$/i;
const MATRIX = /\.(csv|tsv|npy|mtx)$/i;
const TEXT = /\.(txt|md|text)$/i;

/** Which kind of data `file` holds, or undefined for a file to skip. */
function kindOf(file: File): 'image' | 'matrix' | 'text' | undefined {
  if (IMAGE.test(file.name) || file.type.startsWith('image/')) return 'image';
  if (MATRIX.test(file.name)) return 'matrix';
  if (TEXT.test(file.name) || file.type === 'text/plain') return 'text';
  return undefined;
}

/** Reads one matrix file. */
async function loadMatrix(file: File): Promise<Dataset> {
  const name = fileName(file);
  const X = /\.npy$/i.test(name)
    ? parseNpy(await file.arrayBuffer(), name)
    : /\.mtx$/i.test(name)
      ? parseMtx(await file.text(), name)
      : parseCsv(await file.text(), name);
  return {
    name,
    kind: 'synthetic',
    X,
    shape: [X.shape[0], X.shape[1]],
    provenance: `your matrix ${name}: ${X.shape[0]} × ${X.shape[1]}`,
  };
}

/** The data set in `files`; throws a message naming the files for a mix it cannot read. */
export async function loadFiles(files: File[]): Promise<Dataset> {
  const known = files.filter((f) => kindOf(f) !== undefined);
  const kinds = new Set(known.map(kindOf));
  if (known.length === 0) {
    throw new Error(
      `none of ${files.map(fileName).join(', ') || 'the files'} is an image, matrix (.csv, .tsv, .npy, .mtx) or text (.txt, .md) file`,
    );
  }
  // Images win: a folder of images often holds a stray notes file.
  if (kinds.has('image')) return loadImages(known.filter((f) => kindOf(f) === 'image'));
  if (kinds.size > 1) throw new Error('drop images, one matrix file or text files, not a mix');
  if (kinds.has('text')) {
    return loadDocuments(await Promise.all(known.map((f) => f.text())), known.map(fileName));
  }
  if (known.length > 1) throw new Error(`drop one matrix file at a time, got ${known.length}`);
  return loadMatrix(known[0]);
}
