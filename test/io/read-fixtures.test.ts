/** Reading files written by other tools or by hand from each format's specification. */
import { expect } from 'chai';
import { isCsr } from '../../src/linalg/csr';
import { readMatrixFile, readUciBagOfWords } from '../../src/io';
import { fixture, rowsOf } from './fixtures';

/** The npy reference matrix of make_fixtures.py: entry (i, j) = 10 i + j − 5.5. */
const A = [0, 1, 2].map((i) => [0, 1, 2, 3].map((j) => 10 * i + j - 5.5));

describe('io: reading spec fixtures', () => {
  describe('NumPy .npy (written by numpy 2.4)', () => {
    for (const [file, expected] of [
      ['f8-c.npy', A],
      ['f4-fortran.npy', A],
      ['f4-big-endian.npy', A],
      ['f2.npy', A],
      ['f8-v2.npy', A],
      ['i4.npy', A.map((r) => r.map((v) => Math.trunc(v + 0.5)))],
      ['i8-fortran.npy', A.map((r) => r.map((v) => Math.trunc(v + 0.5)))],
      ['u1.npy', A.map((r) => r.map((v) => v + 5.5))],
      ['bool.npy', A.map((r) => r.map((v) => (v > 0 ? 1 : 0)))],
      ['vector-f8.npy', [[1.5], [-2], [3.25]]],
    ] as const) {
      it(file, async () => {
        const m = await readMatrixFile(fixture('npy', file));
        expect(isCsr(m)).to.equal(false);
        expect(rowsOf(m)).to.deep.equal(expected);
      });
    }
  });

  describe('Matrix Market', () => {
    it('the NIST example (coordinate real general, comments, padded fields)', async () => {
      const m = await readMatrixFile(fixture('mtx', 'nist-example.mtx'));
      expect(isCsr(m)).to.equal(true);
      expect(m.shape).to.deep.equal([5, 5]);
      const r = rowsOf(m);
      const f = Math.fround;
      expect(r[0]).to.deep.equal([1, 0, 0, 6, 0]);
      expect(r[2][2]).to.equal(f(0.015));
      expect(r[3]).to.deep.equal([0, 250.5, 0, -280, f(33.32)]);
      expect(r[4]).to.deep.equal([0, 0, 0, 0, 12]);
    });

    it('scipy.io.mmwrite coordinate and array files', async () => {
      expect(rowsOf(await readMatrixFile(fixture('mtx', 'scipy-coordinate.mtx')))).to.deep.equal([
        [0, 1.5, 0, 0],
        [-2, 0, 0, 0],
        [0, 0, 3, 4.25],
      ]);
      const dense = await readMatrixFile(fixture('mtx', 'scipy-array.mtx'));
      expect(isCsr(dense)).to.equal(false);
      expect(rowsOf(dense)).to.deep.equal(A);
    });

    it('symmetric coordinate and array files are mirrored', async () => {
      const T = [
        [2, -1, 0],
        [-1, 2, -1],
        [0, -1, 2],
      ];
      expect(rowsOf(await readMatrixFile(fixture('mtx', 'scipy-symmetric.mtx')))).to.deep.equal(T);
      expect(
        rowsOf(await readMatrixFile(fixture('mtx', 'scipy-array-symmetric.mtx'))),
      ).to.deep.equal(T);
    });

    it('pattern, integer skew-symmetric and integer array files', async () => {
      expect(rowsOf(await readMatrixFile(fixture('mtx', 'pattern.mtx')))).to.deep.equal([
        [1, 1, 0],
        [0, 0, 1],
      ]);
      expect(rowsOf(await readMatrixFile(fixture('mtx', 'integer-skew.mtx')))).to.deep.equal([
        [0, -4, 7],
        [4, 0, 0],
        [-7, 0, 0],
      ]);
      expect(rowsOf(await readMatrixFile(fixture('mtx', 'array-integer.mtx')))).to.deep.equal([
        [1, 3, 5],
        [2, 4, 6],
      ]);
    });
  });

  describe('CSV / TSV / COO', () => {
    it('CSV with a comment, a header and a blank line', async () => {
      const m = await readMatrixFile(fixture('csv', 'header.csv'));
      expect(rowsOf(m)).to.deep.equal([
        [1, 2.5, Math.fround(-3e-2)],
        [4, 0, 6],
        [7, 8, 0.5],
      ]);
      expect((m as { columnNames?: string[] }).columnNames).to.deep.equal(['x', 'y', 'z']);
    });

    it('TSV without a header', async () => {
      expect(rowsOf(await readMatrixFile(fixture('csv', 'plain.tsv')))).to.deep.equal([
        [1, 2],
        [3, 4],
      ]);
    });

    it('COO: 1-based without a shape line (duplicates summed), 0-based with one', async () => {
      expect(
        rowsOf(await readMatrixFile(fixture('coo', 'one-based.coo'), { indexBase: 1 })),
      ).to.deep.equal([
        [3, 0],
        [0, 0],
        [0, -1],
      ]);
      const m = await readMatrixFile(fixture('coo', 'with-shape.coo'));
      expect(m.shape).to.deep.equal([4, 5]);
      expect(rowsOf(m)[0][4]).to.equal(1.25);
      expect(rowsOf(m)[2][0]).to.equal(3);
    });
  });

  describe('UCI bag of words', () => {
    const counts = [
      [2, 0, 1, 0, 0],
      [0, 4, 0, 0, 1],
      [1, 0, 0, 3, 0],
    ];
    it('docword + vocab found beside it', async () => {
      const d = await readUciBagOfWords(fixture('uci', 'docword.tiny.txt'));
      expect(d.kind).to.equal('text');
      expect(d.shape).to.deep.equal([3, 5]);
      expect(d.vocabulary).to.deep.equal(['apple', 'banana', 'cherry', 'date', 'elder']);
      expect(rowsOf(d.X)).to.deep.equal(counts);
    });

    it('a gzipped docword file is streamed through gunzip', async () => {
      const d = await readUciBagOfWords(fixture('uci', 'docword.tinygz.txt.gz'));
      expect(rowsOf(d.X)).to.deep.equal(counts);
      expect(d.vocabulary).to.have.length(5);
      expect(rowsOf(await readMatrixFile(fixture('uci', 'docword.tinygz.txt.gz')))).to.deep.equal(
        counts,
      );
    });
  });
});
