/**
 * UCI bag-of-words (https://archive.ics.uci.edu/dataset/164/bag+of+words): `docword.<name>.txt`
 * (optionally gzipped) holds D (documents), W (words), NNZ on its first three lines, then
 * `docID wordID count` lines with 1-based ids and positive integer counts; `vocab.<name>.txt`
 * holds word k on line k. Both are streamed line by line, so a large file never sits in
 * memory as text; the declared size is checked against the allocation limit first.
 */
import { access } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Dataset } from '../datasets/types';
import type { CsrMatrix } from '../linalg/csr';
import { inputError } from '../errors';
import {
  checkAllocation,
  lineError,
  parseIndex,
  readLines,
  resolveMaxBytes,
  writeAtomic,
} from './common';
import { csrEntries, TRIPLET_BYTES, Triplets } from './triplets';

const HEADER = ['documents (D)', 'words (W)', 'entries (NNZ)'];

export async function readUciDocword(path: string, maxBytes: number): Promise<CsrMatrix> {
  const head: number[] = [];
  let out: Triplets | undefined;
  let lastLine = 0;
  for await (const { text, line } of readLines(path)) {
    lastLine = line;
    const trimmed = text.trim();
    if (head.length < 3) {
      head.push(
        parseIndex(
          trimmed,
          path,
          line,
          `number of ${HEADER[head.length]}`,
          head.length < 2 ? 1 : 0,
          Number.MAX_SAFE_INTEGER,
        ),
      );
      if (head.length === 3) {
        const [d, w, nnz] = head;
        checkAllocation(
          path,
          `a ${d} × ${w} bag of words with ${nnz} entries`,
          nnz * TRIPLET_BYTES + (d + 1) * 4,
          maxBytes,
        );
        if (nnz > d * w)
          throw lineError(path, line, `${nnz} entries cannot fit in ${d} documents × ${w} words`);
        out = new Triplets(path, maxBytes, Math.max(nnz, 1));
      }
      continue;
    }
    if (trimmed === '') continue;
    const t = trimmed.split(/\s+/);
    if (t.length !== 3)
      throw lineError(path, line, `entry must have 3 fields (docID wordID count), got ${t.length}`);
    if (out!.length === head[2])
      throw lineError(path, line, `more entries than the ${head[2]} declared on line 3`);
    const doc = parseIndex(t[0], path, line, 'docID', 1, head[0]);
    const word = parseIndex(t[1], path, line, 'wordID', 1, head[1]);
    const count = parseIndex(t[2], path, line, 'count', 1, Number.MAX_SAFE_INTEGER);
    out!.push(doc - 1, word - 1, count);
  }
  if (head.length < 3)
    throw lineError(
      path,
      Math.max(lastLine, 1),
      `truncated: the header needs 3 lines (D, W, NNZ), found ${head.length}`,
    );
  if (out!.length < head[2])
    throw lineError(
      path,
      lastLine,
      `truncated: ${out!.length} entries read, line 3 declares ${head[2]}`,
    );
  return out!.toCsr(head[0], head[1]);
}

/** Reads a vocabulary file: one word per line, `expected` lines. */
export async function readUciVocab(path: string, expected: number): Promise<string[]> {
  const words: string[] = [];
  for await (const { text, line } of readLines(path)) {
    const w = text.trim();
    if (w === '') {
      if (line <= expected) throw lineError(path, line, 'empty word');
      continue;
    }
    words.push(w);
  }
  if (words.length !== expected) {
    throw inputError(
      `${path}: has ${words.length} words, the docword file declares W = ${expected}`,
    );
  }
  return words;
}

/** `docword.<name>.txt[.gz]` → `vocab.<name>.txt` in the same folder, or undefined. */
export function vocabPathFor(docwordPath: string): string | undefined {
  const m = /^docword\.(.+)\.txt(\.gz)?$/.exec(basename(docwordPath));
  return m ? join(dirname(docwordPath), `vocab.${m[1]}.txt`) : undefined;
}

/**
 * Reads a UCI bag-of-words corpus as a text Dataset (raw counts, documents × words). The
 * vocabulary comes from `vocabPath`, or from `vocab.<name>.txt` beside the docword file if
 * that exists.
 */
export async function readUciBagOfWords(
  docwordPath: string,
  options: { vocabPath?: string; maxBytes?: number } = {},
): Promise<Dataset> {
  const X = await readUciDocword(docwordPath, resolveMaxBytes(options.maxBytes));
  let vocabPath = options.vocabPath;
  if (vocabPath === undefined) {
    const guess = vocabPathFor(docwordPath);
    if (
      guess &&
      (await access(guess).then(
        () => true,
        () => false,
      ))
    )
      vocabPath = guess;
  }
  const vocabulary = vocabPath ? await readUciVocab(vocabPath, X.shape[1]) : undefined;
  return {
    name: basename(docwordPath),
    kind: 'text',
    X,
    shape: [X.shape[0], X.shape[1]],
    ...(vocabulary ? { vocabulary } : {}),
    provenance: `UCI bag-of-words counts read from ${docwordPath}${vocabPath ? ` with vocabulary ${vocabPath}` : ''}.`,
  };
}

/** Writes counts as a docword file (and the vocabulary beside it when given). */
export async function writeUciBagOfWords(
  path: string,
  m: CsrMatrix,
  vocabulary?: readonly string[],
): Promise<void> {
  const [d, w] = m.shape;
  let k = 0;
  for (const [i, j, v] of csrEntries(m)) {
    if (!Number.isInteger(v) || v < 0) {
      throw inputError(
        `cannot write ${path}: UCI counts must be non-negative integers, entry ${k} (row ${i}, column ${j}) is ${v}`,
      );
    }
    k++;
  }
  if (vocabulary && vocabulary.length !== w)
    throw inputError(`cannot write ${path}: ${vocabulary.length} words for ${w} columns`);
  function* chunks(): Generator<string> {
    const entries = [...csrEntries(m)].filter(([, , v]) => v !== 0);
    yield `${d}\n${w}\n${entries.length}\n`;
    for (const [i, j, v] of entries) yield `${i + 1} ${j + 1} ${v}\n`;
  }
  await writeAtomic(path, chunks());
  if (vocabulary) {
    const vp = vocabPathFor(path) ?? join(dirname(path), `vocab.${basename(path)}`);
    await writeAtomic(vp, [vocabulary.join('\n') + '\n']);
  }
}
