/**
 * A folder of `.txt` / `.md` files as a text data set (Node.js only: it reads files), vectorized
 * by vectorizer.ts: rows are documents, columns the vocabulary's terms.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { inputError } from '../errors';
import { checkKnownKeys } from '../options';
import type { Dataset } from './types';
import { byCodePoint, checkBoolean, vectorize, type VectorizerOptions } from './vectorizer';

/** How `vectorizeFolder` finds the documents. */
export interface TextFolderOptions {
  /** Each non-empty line of each file is a document (row name `file:line`); default false. */
  onePerLine?: boolean;
}

/** The file extensions `vectorizeFolder` reads. */
export const TEXT_EXTENSIONS = ['.txt', '.md'];

/**
 * Vectorizes every `.txt` / `.md` file of a folder (sorted by name; UTF-8): a text Dataset
 * whose rows are the files (`rowNames`; with `onePerLine`, the non-empty lines of the files,
 * named `file:line`) and whose columns are the vocabulary.
 */
export async function vectorizeFolder(
  dir: string,
  options: VectorizerOptions = {},
  folder: TextFolderOptions = {},
): Promise<Dataset> {
  checkKnownKeys('text folder', folder, ['onePerLine']);
  const onePerLine = checkBoolean('onePerLine', folder.onePerLine, false);
  let names: string[];
  try {
    names = (await readdir(dir))
      .filter((f) => TEXT_EXTENSIONS.some((e) => f.toLowerCase().endsWith(e)))
      .sort(byCodePoint);
  } catch (err) {
    throw inputError(`cannot read the folder ${dir}: ${(err as Error).message}`, err);
  }
  if (names.length === 0) throw inputError(`the folder ${dir} has no .txt or .md files`);
  const texts = await Promise.all(names.map((f) => readFile(join(dir, f), 'utf8')));
  let docs = texts;
  let rowNames = names;
  if (onePerLine) {
    docs = [];
    rowNames = [];
    texts.forEach((text, f) =>
      text.split(/\r?\n/).forEach((line, i) => {
        if (line.trim() === '') return;
        docs.push(line);
        rowNames.push(`${names[f]}:${i + 1}`);
      }),
    );
    if (docs.length === 0) throw inputError(`the files of ${dir} have no non-empty lines`);
  }
  const v = vectorize(docs, options);
  return {
    name: dir,
    kind: 'text',
    X: v.X,
    shape: v.X.shape,
    vocabulary: v.vocabulary,
    rowNames,
    provenance: `${onePerLine ? `The ${docs.length} non-empty lines of the` : `The`} ${names.length} .txt/.md files of ${dir}, tokenized and vectorized (${v.vocabulary.length} terms).`,
  };
}
