/** Seeded NNLS test problems: the shapes and scalings every solver must handle. */
import { Rng } from '../../src/random';
import { gaussian } from '../helpers';

export interface TestProblem {
  name: string;
  A: number[][];
  B: number[][];
  /** A ≥ 0 and B ≥ 0 (the problems `mu` accepts). */
  nonNegative: boolean;
  /** The NNLS solution is unique (A has full column rank). */
  unique: boolean;
}

/** B = A X* + noise·N(0, 1), X* with about half of its entries 0. */
function planted(A: number[][], r: number, noise: number, seed: number, nonNeg = false) {
  const rng = new Rng(seed);
  const n = A[0].length;
  const X = Array.from({ length: n }, () =>
    Array.from({ length: r }, () => Math.max(0, rng.normal())),
  );
  return A.map((row) =>
    Array.from({ length: r }, (_, c) => {
      const e = noise * (nonNeg ? Math.abs(rng.normal()) : rng.normal());
      return row.reduce((s, a, j) => s + a * X[j][c], e);
    }),
  );
}

const scale = (M: number[][], s: number) => M.map((row) => row.map((v) => v * s));

function uniform(rows: number, cols: number, seed: number): number[][] {
  const rng = new Rng(seed);
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => rng.uniform()));
}

export function testProblems(): TestProblem[] {
  const over = gaussian(20, 8, 11);
  const overB = planted(over, 3, 0.1, 12);
  const V = gaussian(3, 8, 14);
  const lowRank = gaussian(15, 3, 13).map((u) =>
    V[0].map((_, j) => u.reduce((s, ui, k) => s + ui * V[k][j], 0)),
  );
  const zeroCol = gaussian(20, 8, 15).map((row) => row.map((v, j) => (j === 3 ? 0 : v)));
  const nonNeg = uniform(20, 8, 16);
  const nonNegZeroCol = nonNeg.map((row) => row.map((v, j) => (j === 5 ? 0 : v)));
  const wide = gaussian(40, 30, 17);
  const dup = gaussian(20, 6, 24).map((row) => [...row, row[1], row[4]]);
  const mixed = gaussian(25, 10, 26);
  return [
    { name: 'over-determined 20×8, r = 3', A: over, B: overB, nonNegative: false, unique: true },
    {
      name: 'under-determined 6×10, r = 2',
      A: gaussian(6, 10, 18),
      B: gaussian(6, 2, 19),
      nonNegative: false,
      unique: false,
    },
    {
      name: 'rank-deficient 15×8 (rank 3), r = 2',
      A: lowRank,
      B: gaussian(15, 2, 20),
      nonNegative: false,
      unique: false,
    },
    {
      name: 'A scaled by 1e-6, B by 1e6',
      A: scale(over, 1e-6),
      B: scale(overB, 1e6),
      nonNegative: false,
      unique: true,
    },
    {
      name: 'A scaled by 1e6, B by 1e-6',
      A: scale(over, 1e6),
      B: scale(overB, 1e-6),
      nonNegative: false,
      unique: true,
    },
    { name: 'B = 0', A: over, B: scale(overB, 0), nonNegative: false, unique: true },
    {
      name: 'A with a zero column',
      A: zeroCol,
      B: planted(zeroCol, 2, 0.1, 21),
      nonNegative: false,
      unique: false,
    },
    {
      name: 'non-negative 20×8 with a zero column, r = 2',
      A: nonNegZeroCol,
      B: planted(nonNegZeroCol, 2, 0.05, 22, true),
      nonNegative: true,
      unique: false,
    },
    {
      name: 'duplicate columns 20×8 (columns 6, 7 repeat 1, 4), r = 2',
      A: dup,
      B: planted(dup, 2, 0.1, 25),
      nonNegative: false,
      unique: false,
    },
    {
      // B = A·X* − 3·A·1: many entries of the solution at 0, B of both signs.
      name: 'mixed-sign B 25×10, r = 3',
      A: mixed,
      B: planted(mixed, 3, 0.1, 27).map((row, i) =>
        row.map((v) => v - 3 * mixed[i].reduce((t, a) => t + a, 0)),
      ),
      nonNegative: false,
      unique: true,
    },
    {
      name: 'larger 40×30, r = 2 (ml-fcnnls reference)',
      A: wide,
      B: planted(wide, 2, 0.1, 23),
      nonNegative: false,
      unique: true,
    },
  ];
}
