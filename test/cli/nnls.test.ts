import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import type { DenseMatrix } from '../../src/datasets/types';
import { readMatrixFile } from '../../src/io';
import { nnls } from '../../src/nnls';
import { nnlsProblem } from './fixtures';
import { expectUserError, listTree, runCli, runJson, tempDir } from './run';

describe('cli: nnls', function () {
  this.timeout(60000);
  const { dir, cleanup } = tempDir();
  const p = nnlsProblem(dir);
  after(cleanup);

  interface NnlsJson {
    solver: string;
    iterations: number;
    converged: boolean;
    stopReason: string;
    objective: number;
    kktResidual: number;
    seconds: number;
    shape: [number, number];
    x?: number[][];
    out?: string;
  }

  it('--json prints the summary and x; x matches the known solution', () => {
    const r = runJson<NnlsJson>(['nnls', '--matrix', p.A, '--rhs', p.b, '--solver', 'active-set']);
    expect(r.solver).to.equal('active-set');
    expect(r.converged).to.equal(true);
    expect(r.stopReason).to.equal('tolerance');
    expect(r.shape).to.deep.equal([4, 1]);
    expect(r.objective).to.be.at.least(0).and.below(1e-8);
    expect(r.kktResidual).to.be.at.least(0).and.below(1e-4);
    expect(r.seconds).to.be.a('number').and.above(0);
    r.x!.forEach(([v], i) => expect(v).to.be.closeTo(p.xStar[i], 1e-4));
  });

  it('--gram solves the same problem from G = AᵀA and C = AᵀB; --out writes a readable file', async () => {
    const out = path.join(dir, 'x.npy');
    const r = runJson<NnlsJson>([
      'nnls',
      '--matrix',
      p.G,
      '--rhs',
      p.C,
      '--gram',
      '--solver',
      'pgd',
      '--out',
      out,
    ]);
    expect(r.out).to.equal(out);
    expect(r.x).to.equal(undefined);
    const x = await readMatrixFile(out);
    expect(x.shape).to.deep.equal([4, 1]);
    Array.from((x as { data: Float32Array }).data).forEach((v, i) =>
      expect(v).to.be.closeTo(p.xStar[i], 1e-3),
    );
  });

  it('without --json prints X as CSV on stdout and the summary on stderr', () => {
    const r = runCli(['nnls', '--matrix', p.A, '--rhs', p.b, '--solver', 'active-set']);
    expect(r.code, r.stderr).to.equal(0);
    const x = r.stdout.trim().split('\n').map(Number);
    x.forEach((v, i) => expect(v).to.be.closeTo(p.xStar[i], 1e-4));
    expect(r.stderr).to.match(/active-set\s+\d+\s+true\s+tolerance/);
  });

  it('exact answers are written at full precision: CSV in float64 digits, NPY as <f8', async () => {
    // The same problem in process, read by the same parser the CLI uses.
    const A = await readMatrixFile(p.A);
    const b = await readMatrixFile(p.b);
    const res = await nnls(A as DenseMatrix, b as DenseMatrix, { solver: 'active-set' });
    res.x.dispose();
    const want = Array.from(res.xFloat64!);
    const csvOut = path.join(dir, 'x64.csv');
    const npyOut = path.join(dir, 'x64.npy');
    for (const out of [csvOut, npyOut]) {
      const r = runCli([
        'nnls',
        '--matrix',
        p.A,
        '--rhs',
        p.b,
        '--solver',
        'active-set',
        '--out',
        out,
      ]);
      expect(r.code, r.stderr).to.equal(0);
    }
    const fromCsv = fs.readFileSync(csvOut, 'utf8').trim().split('\n').map(Number);
    expect(fromCsv).to.deep.equal(want);
    // Not float32 values: at least one entry needs more than float32's digits.
    expect(fromCsv.some((v) => Math.fround(v) !== v)).to.equal(true);
    const npy = fs.readFileSync(npyOut);
    const headerLength = npy.readUInt16LE(8);
    expect(npy.subarray(10, 10 + headerLength).toString('latin1')).to.match(
      /'descr': '<f8'.*\(4, 1\)/,
    );
    const body = npy.subarray(10 + headerLength);
    const fromNpy = Array.from({ length: 4 }, (_, i) => body.readDoubleLE(8 * i));
    expect(fromNpy).to.deep.equal(want);
    // JSON carries the float64 values too.
    const j = runJson<NnlsJson>(['nnls', '--matrix', p.A, '--rhs', p.b, '--solver', 'active-set']);
    expect(j.x!.map(([v]) => v)).to.deep.equal(want);
  });

  it('bad invocations: one line, exit 2, no output file', () => {
    const out = path.join(dir, 'bad', 'x.csv');
    fs.writeFileSync(path.join(dir, 'ragged.csv'), '1,2\n3\n');
    const before = listTree(dir);
    expectUserError(
      runCli(['nnls', '--matrix', path.join(dir, 'missing.csv'), '--rhs', p.b, '--out', out]),
      /--matrix .*missing\.csv: no such file/,
    );
    expectUserError(
      runCli(['nnls', '--matrix', p.A, '--rhs', p.b, '--solver', 'nope', '--out', out]),
      /unknown NNLS solver "nope"; known solvers: (?=.*overparam)(?=.*active-set)(?=.*pgd)/,
    );
    expectUserError(
      runCli(['nnls', '--matrix', path.join(dir, 'ragged.csv'), '--rhs', p.b, '--out', out]),
      /ragged\.csv:2: has 1 fields, expected 2/,
    );
    expectUserError(
      runCli(['nnls', '--matrix', p.A, '--rhs', p.G, '--solver', 'pgd', '--out', out]),
      /shape mismatch: A is 10 × 4 but B has 4 rows/,
    );
    expectUserError(runCli(['nnls', '--rhs', p.b]), /Missing required argument: matrix/);
    expect(listTree(dir)).to.deep.equal(before);
  });
});
