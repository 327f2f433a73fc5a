/** Small seeded data files for the CLI tests. */
import * as fs from 'fs';
import * as path from 'path';
import { Rng } from '../../src/random';

export const csv = (rows: number[][]) => rows.map((r) => r.join(',')).join('\n') + '\n';

/** An exactly rank-3 non-negative 12 × 8 matrix X = W H, written as `X.csv`. */
export function lowRankCsv(dir: string): { file: string; X: number[][] } {
  const rng = new Rng(5);
  const W = Array.from({ length: 12 }, () => Array.from({ length: 3 }, () => rng.uniform()));
  const H = Array.from({ length: 3 }, () => Array.from({ length: 8 }, () => rng.uniform()));
  const X = W.map((w) => H[0].map((_, j) => w.reduce((s, wk, k) => s + wk * H[k][j], 0)));
  const file = path.join(dir, 'X.csv');
  fs.writeFileSync(file, csv(X));
  return { file, X };
}

/** A consistent NNLS problem A x* = b with A 10 × 4 (entries in [0, 1)) and x* ≥ 0. */
export function nnlsProblem(dir: string): {
  A: string;
  b: string;
  G: string;
  C: string;
  xStar: number[];
} {
  const rng = new Rng(7);
  const A = Array.from({ length: 10 }, () => Array.from({ length: 4 }, () => rng.uniform()));
  const xStar = [0.5, 0, 2, 0.25];
  const b = A.map((row) => row.reduce((s, a, j) => s + a * xStar[j], 0));
  const G = xStar.map((_, i) => xStar.map((__, j) => A.reduce((s, r) => s + r[i] * r[j], 0)));
  const C = xStar.map((_, i) => A.reduce((s, r, k) => s + r[i] * b[k], 0));
  const files = { A: 'A.csv', b: 'b.csv', G: 'G.csv', C: 'C.csv' };
  fs.writeFileSync(path.join(dir, files.A), csv(A));
  fs.writeFileSync(path.join(dir, files.b), csv(b.map((v) => [v])));
  fs.writeFileSync(path.join(dir, files.G), csv(G));
  fs.writeFileSync(path.join(dir, files.C), csv(C.map((v) => [v])));
  const at = (f: string) => path.join(dir, f);
  return { A: at(files.A), b: at(files.b), G: at(files.G), C: at(files.C), xStar };
}

/**
 * A 6-document UCI bag-of-words corpus over 6 words with two clear topics (documents 1–3 use
 * tax/budget/deficit, 4–6 war/army/peace): `docword.tiny.txt` and `vocab.tiny.txt`.
 */
export function tinyCorpus(dir: string): string {
  const words = ['tax', 'budget', 'deficit', 'war', 'army', 'peace'];
  const entries: string[] = [];
  for (let d = 1; d <= 6; d++) {
    const base = d <= 3 ? 1 : 4;
    for (let w = base; w < base + 3; w++) entries.push(`${d} ${w} ${1 + ((d + w) % 3)}`);
  }
  const file = path.join(dir, 'docword.tiny.txt');
  fs.writeFileSync(file, `6\n6\n${entries.length}\n${entries.join('\n')}\n`);
  fs.writeFileSync(path.join(dir, 'vocab.tiny.txt'), words.join('\n') + '\n');
  return file;
}
