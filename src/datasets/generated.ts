/**
 * The data sets generated in code, which need no file: Swimmer, the planted low-rank matrix and
 * the paper's NNLS problem. Their registry entries (shared with the full registry of index.ts)
 * and `generatedDatasets`, the registry of these three alone (what the browser build offers).
 */
import { usageError } from '../errors';
import { generateLowRank, LOWRANK_DEFAULTS } from './lowrank';
import { generateNnlsProblem } from './nnls-synthetic';
import { chooseRows, denseRows, normalizeRows } from './rows';
import { generateSwimmer } from './swimmer';
import { makeRegistry, type Entry } from './registry';

/** Swimmer (Donoho & Stodden 2003), 256 × 1024. */
export const SWIMMER_ENTRY: Entry = {
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
};

/** X = W H (+ noise) with uniform factors. */
export const LOWRANK_ENTRY: Entry = {
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
};

/** The paper's NNLS sparse-recovery problem. */
export const NNLS_SYNTHETIC_ENTRY: Entry = {
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
};

/** The registry of the generated sets alone: `list()` and `load(name, options)`. */
export const generatedDatasets = makeRegistry([SWIMMER_ENTRY, LOWRANK_ENTRY, NNLS_SYNTHETIC_ENTRY]);
