/**
 * Experiment 1, `implicit-bias`: the l1 norm of the overparametrized solution against the
 * initial scale alpha (x₀ = alpha·1), for depths 2 and 3, on the paper's underdetermined
 * 10 × 50, s = 3 Gaussian problem. Reference lines: Lawson–Hanson (`active-set`), the minimum-
 * l1 non-negative solution (an LP) and the ground truth. Also: iterations needed against alpha,
 * and the residual against iteration for each alpha.
 */
import { lineChart } from '../report/line-chart';
import { claim, nonIncreasing } from './claims';
import {
  countNonzeros,
  fmt,
  l1,
  logspace,
  minL1NonNegative,
  sig,
  solveDense,
  type DenseProblem,
  paperLearningRate,
} from './tools';
import { generateNnlsProblem } from '../datasets/nnls-synthetic';
import type { Experiment } from './types';

export interface ImplicitBiasParams {
  m: number;
  n: number;
  s: number;
  depths: number[];
  /** Initial scales of u; alpha = uScale^depth is the x-scale (the paper's convention). */
  uScales: number[];
  /** Fixed step, in units of 1/L (L = ‖A‖², after nmflow's input scaling). */
  /** The paper's raw fixed step η on u (converted with `paperLearningRate`). */
  eta: number;
  maxIter: number;
  /** Stop when ‖Ax − b‖ ≤ this (the authors' rule; KKT tolerance 0). */
  residualTol: number;
  checkEvery: number;
}

/** One point of the grid: a depth and an initial u-scale (a task's input). */
interface GridPoint {
  depth: number;
  uScale: number;
}

/** One overparametrized run, as results.json records it. */
interface Run {
  depth: number;
  uScale: number;
  alpha: number;
  l1: number;
  nonzeros: number;
  residual: number;
  iterations: number;
  converged: boolean;
  /** [iteration, residual] pairs. */
  history: number[][];
}

/** The run of `depth` from x₀ = uScale^depth·1 on the problem of `seed` (a task). */
async function fit(
  params: ImplicitBiasParams,
  seed: number,
  { depth, uScale }: GridPoint,
): Promise<Run> {
  const p = generateNnlsProblem({ m: params.m, n: params.n, s: params.s, seed });
  const alpha = uScale ** depth;
  const r = await solveDense(p, {
    solver: 'overparam',
    depth,
    alpha,
    step: 'fixed',
    learningRate: paperLearningRate(p, params.eta, depth),
    maxIter: params.maxIter,
    tol: 0,
    stopAtResidual: params.residualTol,
    checkEvery: params.checkEvery,
  });
  return {
    depth,
    uScale: sig(uScale),
    alpha: sig(alpha),
    l1: sig(l1(r.x)),
    nonzeros: countNonzeros(r.x),
    residual: sig(r.residual),
    iterations: r.iterations,
    converged: r.converged,
    history: r.history.map((h) => [h.iteration, sig(h.residual, 4)]),
  };
}

export const implicitBias: Experiment<ImplicitBiasParams> = {
  name: 'implicit-bias',
  description:
    'l1 norm of the overparametrized (x = u^L) gradient-descent solution against the initial ' +
    'scale alpha, depths 2 and 3, on an underdetermined Gaussian NNLS problem (m = 10, n = 50, ' +
    's = 3) where the non-negative solutions of Ax = b form a polytope; Lawson–Hanson and the ' +
    'minimum-l1 non-negative solution (LP) are the reference lines.',
  parameters: {
    smoke: {
      m: 10,
      n: 50,
      s: 3,
      depths: [2],
      uScales: [1e-1, 1e-2],
      eta: 0.1,
      maxIter: 3000,
      residualTol: 1e-4,
      checkEvery: 50,
    },
    full: {
      m: 10,
      n: 50,
      s: 3,
      depths: [2, 3],
      uScales: logspace(-3, -1, 5),
      eta: 0.1,
      maxIter: 100000,
      residualTol: 1e-5,
      checkEvery: 100,
    },
  },
  // nmflow's seed 11 draws an instance shaped like the paper's (its seed 3 under numpy):
  // Lawson–Hanson stops on a 10-sparse vertex and the min-l1 point lies below ‖x*‖₁.
  // (nmflow's seed 3 has x* as the unique sparse solution, where every method agrees.)
  seed: 11,
  solvers: ['overparam', 'active-set'],
  tasks: {
    fit: (input, { params, seed }) => fit(params, seed, input as GridPoint),
  },
  async run({ params, seed, progress, runTasks }) {
    const gen = generateNnlsProblem({ m: params.m, n: params.n, s: params.s, seed });
    const p: DenseProblem = gen;
    const lh = await solveDense(p, { solver: 'active-set' });
    const minL1 = minL1NonNegative(p);
    const refs = {
      lawsonHanson: {
        l1: sig(l1(lh.x)),
        nonzeros: countNonzeros(lh.x),
        residual: sig(lh.residual),
      },
      minL1: { l1: sig(l1(minL1)), nonzeros: countNonzeros(minL1) },
      groundTruth: { l1: sig(l1(gen.xStar)), nonzeros: params.s },
    };
    const grid = params.depths.flatMap((depth) =>
      [...params.uScales].sort((a, b) => b - a).map((uScale) => ({ depth, uScale })),
    );
    progress(`${grid.length} runs (depth × alpha), the reference solves done`, 0);
    let done = 0;
    const runs = await runTasks<GridPoint, Run>('fit', grid, (i) =>
      progress(
        `depth ${grid[i].depth}, alpha ${(grid[i].uScale ** grid[i].depth).toExponential(1)} done (${++done} of ${grid.length})`,
        done / grid.length,
      ),
    );
    const byDepth = params.depths.map((d) => runs.filter((r) => r.depth === d));
    const hLines = [
      { y: refs.lawsonHanson.l1, label: `Lawson–Hanson ${fmt(refs.lawsonHanson.l1, 4)}` },
      { y: refs.minL1.l1, label: `min-l1 (LP) ${fmt(refs.minL1.l1, 4)}` },
      { y: refs.groundTruth.l1, label: `ground truth ${fmt(refs.groundTruth.l1, 4)}` },
    ];
    const plots = [
      {
        file: 'l1-vs-alpha',
        caption:
          'l1 norm of the solution against alpha (x-scale), with reference lines; runs that reached the residual tolerance',
        svg: lineChart(
          byDepth.map((rs, i) => ({
            name: `depth ${params.depths[i]}`,
            x: rs.filter((r) => r.converged).map((r) => r.alpha),
            y: rs.filter((r) => r.converged).map((r) => r.l1),
          })),
          {
            title: 'Implicit bias: l1 norm vs alpha',
            xLabel: 'alpha (x₀ = alpha·1)',
            yLabel: '‖x‖₁',
            logX: true,
            hLines,
          },
        ),
      },
      {
        file: 'iterations-vs-alpha',
        caption: 'iterations to the tolerance against alpha',
        svg: lineChart(
          byDepth.map((rs, i) => ({
            name: `depth ${params.depths[i]}`,
            x: rs.map((r) => r.alpha),
            y: rs.map((r) => r.iterations),
          })),
          {
            title: 'Iterations needed vs alpha',
            xLabel: 'alpha',
            yLabel: 'iterations',
            logX: true,
            logY: true,
          },
        ),
      },
      {
        file: 'residual-vs-iteration',
        caption: 'residual ‖Ax − b‖ against iteration, one line per (depth, alpha)',
        svg: lineChart(
          runs.map((r) => ({
            name: `L=${r.depth}, α=${fmt(r.alpha, 2)}`,
            x: r.history.map((h) => h[0]),
            y: r.history.map((h) => h[1]),
            dashed: r.depth > 2,
          })),
          {
            title: 'Residual vs iteration',
            xLabel: 'iteration',
            yLabel: '‖Ax − b‖',
            logX: true,
            logY: true,
          },
        ),
      },
    ];
    const claims = byDepth.flatMap((all, i) => {
      const d = params.depths[i];
      // Only runs that reached the residual tolerance are solutions; the others are undecided.
      const rs = all.filter((r) => r.converged);
      const skipped = all.length - rs.length;
      const aside = skipped
        ? ` (${skipped} run(s) did not reach ‖Ax − b‖ ≤ ${params.residualTol} within ${params.maxIter} iterations and are left out)`
        : '';
      const l1s = rs.map((r) => r.l1);
      const last = rs[rs.length - 1];
      return [
        claim(
          `Depth ${d}: the l1 norm falls as alpha decreases.`,
          rs.length < 2 ? null : nonIncreasing(l1s) && l1s[l1s.length - 1] < l1s[0],
          `l1 for alpha ${rs.map((r) => fmt(r.alpha, 2)).join(' → ')}: ${l1s.map((v) => fmt(v, 4)).join(' → ')}${aside}.`,
        ),
        claim(
          `Depth ${d}: at the smallest alpha the l1 norm is below Lawson–Hanson's.`,
          last ? last.l1 < refs.lawsonHanson.l1 : null,
          last
            ? `${fmt(last.l1, 4)} at alpha ${fmt(last.alpha, 2)} vs Lawson–Hanson ${fmt(refs.lawsonHanson.l1, 4)} (min-l1 ${fmt(refs.minL1.l1, 4)})${aside}.`
            : `no run reached the tolerance${aside}.`,
        ),
        claim(
          `Depth ${d}: smaller alpha needs more iterations.`,
          rs.length < 2 ? null : rs[rs.length - 1].iterations > rs[0].iterations,
          `iterations ${rs.map((r) => r.iterations).join(' → ')}${aside}.`,
        ),
      ];
    });
    return {
      results: { problem: { m: params.m, n: params.n, s: params.s, seed }, references: refs, runs },
      plots,
      table: {
        columns: ['depth', 'alpha', 'l1', 'non-zeros', 'residual', 'iterations', 'converged'],
        rows: [
          ...runs.map((r) => [
            r.depth,
            fmt(r.alpha, 2),
            fmt(r.l1, 4),
            r.nonzeros,
            fmt(r.residual, 2),
            r.iterations,
            String(r.converged),
          ]),
          [
            'Lawson–Hanson',
            '',
            fmt(refs.lawsonHanson.l1, 4),
            refs.lawsonHanson.nonzeros,
            fmt(refs.lawsonHanson.residual, 2),
            '',
            '',
          ],
          ['min-l1 (LP)', '', fmt(refs.minL1.l1, 4), refs.minL1.nonzeros, '', '', ''],
          ['ground truth', '', fmt(refs.groundTruth.l1, 4), params.s, '', '', ''],
        ],
      },
      claims,
      notes: [
        'nmflow draws its own Gaussian instance (its seeded generator is not numpy’s), so the ' +
          'reference lines differ from the paper’s 1.377 / 1.235 / 1.259; the default seed 11 gives ' +
          'an instance of the same kind (Lawson–Hanson on a 10-sparse vertex, min-l1 below ‖x*‖₁). ' +
          'The directions are what compare.',
        'Steps are fixed (step "fixed") and equal to the paper’s raw η on u (see paperLearningRate); a run stops when ‖Ax − b‖ ≤ residualTol as in the authors’ scripts (1e-5 here, their 1e-6 is at the float32 floor).',
      ],
    };
  },
};
