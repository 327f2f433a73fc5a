/**
 * The measurements of issue 15's NNLS items, in one run (about a minute):
 * (1) the 200×100, 20-RHS, noise 0.01 Gaussian problem (X* = max(N(0,1), 0)): every solver with
 *     default options: relative gap (f − f*)/max(f*, 1e-6·½‖B‖²), iterations, seconds;
 * (2) scipy's test_nnls_wide (100×120, exactly solvable) and gh-20302 (column norms 0.42 to 2e13):
 *     the same for the default solver, apg and polish;
 * (3) active-set against scipy's tall / wide / inner-loop expected x (max |x − x_expected|) and
 *     gh-21021's reported-vs-actual residual;
 * (4) maxIter 1: iterations reported.
 * f* is the float64 active-set answer checked against scipy's (fixture test/fixtures/scipy/nnls.json).
 *
 * Usage: npx tsc -p tsconfig.json && node dist/scripts/nnls-trust.js [solver …]
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { initBackend, nnls, Rng, solverNames, type NnlsOptions } from '../src';

interface Case {
  A: number[][];
  b: number[];
  scipyX: number[];
  scipyRnorm: number;
  expected: { x?: number[] };
}
const fixture = JSON.parse(
  readFileSync(resolve(__dirname, '../../test/fixtures/scipy/nnls.json'), 'utf8'),
) as { cases: Record<string, Case> };

function objective(A: number[][], X: ArrayLike<number>, B: number[][]): number {
  const r = B[0].length;
  let s = 0;
  for (let i = 0; i < A.length; i++) {
    for (let c = 0; c < r; c++) {
      let v = -B[i][c];
      for (let j = 0; j < A[0].length; j++) v += A[i][j] * X[j * r + c];
      s += v * v;
    }
  }
  return 0.5 * s;
}

async function reference(A: number[][], B: number[][]): Promise<number> {
  const res = await nnls(A, B, { solver: 'active-set' });
  const x = res.xFloat64 ?? res.x.dataSync();
  res.x.dispose();
  return objective(A, x, B);
}

async function run(label: string, A: number[][], B: number[][], fStar: number, o: NnlsOptions) {
  const res = await nnls(A, B, o);
  const x = res.xFloat64 ?? res.x.dataSync();
  res.x.dispose();
  const f = objective(A, x, B);
  const b2 = 0.5 * B.flat().reduce((t, v) => t + v * v, 0);
  const gap = (f - fStar) / Math.max(fStar, 1e-6 * b2);
  console.log(
    `${label.padEnd(44)} gap ${gap.toExponential(2).padStart(9)}  f ${f.toPrecision(6).padStart(10)}` +
      `  it ${String(res.iterations).padStart(6)}  ${res.seconds.toFixed(2)} s  ` +
      `converged ${res.converged}${res.polished ? ' (polished)' : ''}  reported f ${res.objective.toPrecision(6)}`,
  );
}

async function main() {
  await initBackend();
  const only = process.argv.slice(2);
  const solvers = only.length ? only : solverNames();
  const rng = new Rng(0);
  const [m, n, r] = [200, 100, 20];
  const A = Array.from({ length: m }, () => Array.from({ length: n }, () => rng.normal()));
  const X = Array.from({ length: n }, () =>
    Array.from({ length: r }, () => Math.max(0, rng.normal())),
  );
  const B = A.map((row) =>
    Array.from({ length: r }, (_, c) =>
      row.reduce((s, a, j) => s + a * X[j][c], 0.01 * rng.normal()),
    ),
  );
  const fStar = await reference(A, B);
  console.log(`(1) 200×100, r = 20, noise 0.01: f* = ${fStar}`);
  for (const solver of solvers) {
    if (solver === 'mu') continue; // mixed-sign data
    await run(`  ${solver}`, A, B, fStar, { solver });
  }
  for (const name of ['test_nnls_wide', 'test_nnls_gh20302']) {
    const c = fixture.cases[name];
    const Bc = c.b.map((v) => [v]);
    const f = objective(c.A, c.scipyX, Bc);
    console.log(`(2) scipy ${name}: f*(scipy) = ${f}`);
    for (const solver of solvers) {
      if (solver === 'mu') continue;
      await run(`  ${solver}`, c.A, Bc, f, { solver });
    }
    await run('  overparam + polish', c.A, Bc, f, { polish: true });
  }
  console.log('(3) active-set vs scipy tests');
  for (const [name, c] of Object.entries(fixture.cases)) {
    const res = await nnls(c.A, c.b, { solver: 'active-set' });
    const x = res.xFloat64 ?? res.x.dataSync();
    res.x.dispose();
    const want = c.expected.x ?? c.scipyX;
    const err = Math.max(...want.map((v, i) => Math.abs(x[i] - v)));
    const actual = Math.sqrt(
      2 *
        objective(
          c.A,
          x,
          c.b.map((v) => [v]),
        ),
    );
    const reported = Math.sqrt(2 * res.objective);
    console.log(
      `  ${name.padEnd(28)} max|x − x_expected| ${err.toExponential(2)}  |‖Ax−b‖ − reported| ${Math.abs(actual - reported).toExponential(2)}`,
    );
  }
  const capped = await nnls(A, B, { maxIter: 1 });
  capped.x.dispose();
  console.log(`(4) maxIter 1: iterations ${capped.iterations}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
