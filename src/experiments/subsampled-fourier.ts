/**
 * Experiment 7, `subsampled-fourier`: support identification on a large structured operator.
 * The paper uses 8,810 random rows of the 10,000-point DFT (complex). nmflow's real analogue:
 * m random rows of the orthonormal DCT-II matrix of size n, scaled by √(n/m) (columns of unit
 * norm on average), x* = |N(0,1)| on s random coordinates, b = A x*. Depth 2, one run per
 * alpha; the solution's log10 entries are histogrammed on and off the support. The full scale
 * keeps the paper's ratio m/n = 0.881 at n = 1000 with 3,000 iterations (the 10⁴ size needs a
 * 10⁴ × 10⁴ Gram matrix per solve, beyond a shared 2-core machine: n = 2000 with 10⁴ iterations
 * did not finish in 9 minutes there); smoke runs a tiny instance as a code-path check.
 */
import { lineChart } from '../report/line-chart';
import { claim } from './claims';
import { fmt, sig, solveDense, paperLearningRate } from './tools';
import { Rng } from '../random';
import type { Experiment } from './types';

export interface SubsampledFourierParams {
  n: number;
  m: number;
  s: number;
  alphas: number[];
  /** The paper's raw fixed step η on u (converted with `paperLearningRate`). */
  eta: number;
  maxIter: number;
  /** Histogram bins of log10 x_i (width 1, from this value up to 1). */
  histogramFrom: number;
}

/** m random rows of the orthonormal DCT-II of size n, times √(n/m); support; b. */
export function subsampledDct(n: number, m: number, s: number, seed: number) {
  const rng = new Rng(seed);
  const rows = Array.from(rng.permutation(n).subarray(0, m)).sort((a, b) => a - b);
  const A = new Float64Array(m * n);
  const scale = Math.sqrt(n / m);
  rows.forEach((k, i) => {
    const c = (k === 0 ? Math.sqrt(1 / n) : Math.sqrt(2 / n)) * scale;
    for (let j = 0; j < n; j++) A[i * n + j] = c * Math.cos((Math.PI * (j + 0.5) * k) / n);
  });
  const support = Array.from(rng.permutation(n).subarray(0, s)).sort((a, b) => a - b);
  const xStar = new Float64Array(n);
  for (const j of support) xStar[j] = Math.abs(rng.normal());
  const b = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let sum = 0;
    for (const j of support) sum += A[i * n + j] * xStar[j];
    b[i] = sum;
  }
  return { A, b, xStar, support, m, n };
}

/** One alpha's run, as results.json records it. */
interface Run {
  alpha: number;
  residual: number;
  minOnSupport: number;
  maxOffSupport: number;
  identified: boolean;
  /** Counts of log10 x_i per decade from `from` (bin i: [from + i, from + i + 1)). */
  histogram: { from: number; onSupport: number[]; offSupport: number[] };
}

/** The depth-2 run from x₀ = alpha·1 on the operator of `seed`, and its histograms (a task). */
async function fit(params: SubsampledFourierParams, seed: number, alpha: number): Promise<Run> {
  const p = subsampledDct(params.n, params.m, params.s, seed);
  const onSupport = new Set(p.support);
  const r = await solveDense(p, {
    solver: 'overparam',
    alpha,
    step: 'fixed',
    learningRate: paperLearningRate(p, params.eta, 2),
    maxIter: params.maxIter,
    tol: 0,
    checkEvery: 100,
  });
  let minOn = Infinity;
  let maxOff = 0;
  r.x.forEach((v, j) => {
    if (onSupport.has(j)) minOn = Math.min(minOn, v);
    else maxOff = Math.max(maxOff, v);
  });
  const bins = 1 - params.histogramFrom;
  const histOn = new Array<number>(bins).fill(0);
  const histOff = new Array<number>(bins).fill(0);
  r.x.forEach((v, j) => {
    const e = Math.floor(Math.log10(Math.max(v, 10 ** params.histogramFrom)));
    const bin = Math.min(bins - 1, Math.max(0, e - params.histogramFrom));
    (onSupport.has(j) ? histOn : histOff)[bin]++;
  });
  return {
    alpha,
    residual: sig(r.residual),
    minOnSupport: sig(minOn),
    maxOffSupport: sig(maxOff),
    identified: minOn > maxOff,
    histogram: { from: params.histogramFrom, onSupport: histOn, offSupport: histOff },
  };
}

export const subsampledFourier: Experiment<SubsampledFourierParams> = {
  name: 'subsampled-fourier',
  description:
    'Support identification on a large subsampled-Fourier-type operator (real analogue: random ' +
    'rows of the orthonormal DCT-II, m/n = 0.881 as in the paper), depth 2, over alpha: ' +
    'residual, smallest entry on the support, largest entry off it, and histograms of log10 x_i.',
  parameters: {
    smoke: {
      n: 128,
      m: 113,
      s: 5,
      alphas: [1e-4, 1e-8],
      eta: 0.2,
      maxIter: 300,
      histogramFrom: -16,
    },
    full: {
      n: 1000,
      m: 881,
      s: 25,
      alphas: [1e-4, 1e-6, 1e-8, 1e-10, 1e-12],
      eta: 0.2,
      maxIter: 3000,
      histogramFrom: -20,
    },
  },
  seed: 0,
  solvers: ['overparam'],
  tasks: {
    fit: (input, { params, seed }) => fit(params, seed, input as number),
  },
  async run({ params, seed, progress, runTasks }) {
    const p = subsampledDct(params.n, params.m, params.s, seed);
    progress(`${params.alphas.length} runs (one per alpha), ${params.maxIter} iterations each`, 0);
    let done = 0;
    const runs = await runTasks<number, Run>('fit', params.alphas, (i) =>
      progress(
        `alpha ${params.alphas[i]} done (${++done} of ${params.alphas.length})`,
        done / params.alphas.length,
      ),
    );
    const binCenters = runs[0].histogram.onSupport.map((_, i) => params.histogramFrom + i + 0.5);
    const all = runs.every((r) => r.identified);
    const margins = runs.map((r) => r.minOnSupport / Math.max(r.maxOffSupport, 1e-300));
    return {
      results: {
        problem: { n: params.n, m: params.m, s: params.s, seed, support: p.support },
        runs,
      },
      plots: [
        {
          file: 'histograms',
          caption:
            'number of entries per decade of x_i, off the support (solid) and on it (dashed)',
          svg: lineChart(
            runs.flatMap((r) => [
              { name: `off, α=${fmt(r.alpha, 1)}`, x: binCenters, y: r.histogram.offSupport },
              {
                name: `on, α=${fmt(r.alpha, 1)}`,
                x: binCenters,
                y: r.histogram.onSupport,
                dashed: true,
              },
            ]),
            {
              title: `Subsampled DCT ${params.m} × ${params.n}, s = ${params.s}: log10 x_i`,
              xLabel: 'log10 x_i',
              yLabel: 'count',
            },
          ),
        },
      ],
      table: {
        columns: ['alpha', 'residual', 'min on support', 'max off support', 'identified'],
        rows: runs.map((r) => [
          fmt(r.alpha, 1),
          fmt(r.residual, 2),
          fmt(r.minOnSupport, 2),
          fmt(r.maxOffSupport, 2),
          String(r.identified),
        ]),
      },
      claims: [
        claim(
          'The support is identified (every support entry exceeds every off-support entry) for every alpha.',
          all,
          `identified for ${runs.filter((r) => r.identified).length} of ${runs.length} alphas.`,
        ),
        claim(
          'Smaller alpha separates the support more cleanly (larger on/off ratio).',
          runs.length < 2 ? null : margins[margins.length - 1] > margins[0],
          `min-on / max-off: ${margins.map((v) => fmt(v, 2)).join(' → ')} for alpha ${runs.map((r) => fmt(r.alpha, 1)).join(' → ')} (paper: off-support max 1.7e-4 at u-scale 1e-2, 7e-12 at 1e-6).`,
        ),
      ],
      notes: [
        'Real analogue of the paper’s complex subsampled DFT (which uses the real part of Aᴴr): random DCT-II rows.',
        `Full scale is n = 1000, m = 881, s = 25, 3,000 iterations, not the paper’s 10,000 × 8,810: see the module comment.`,
      ],
    };
  },
};
