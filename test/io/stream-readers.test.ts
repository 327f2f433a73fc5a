/**
 * The streaming row readers (src/io/stream-*.ts) against the whole-file readers: the same
 * matrix batch by batch for every batch size, duplicates and unsorted columns handled alike,
 * errors naming the file and line, and batch buffers that do not grow with the number of rows.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { expect } from 'chai';
import { readMatrixFile, writeMatrixFile, denseToCsr } from '../../src/io';
import { openRowStream } from '../../src/io/stream-rows';
import type { RowBatch, RowSource } from '../../src/nmf/online-source';
import { Rng } from '../../src/random';
import { errorOf } from '../helpers';
import { rowsOf, tempDir } from './fixtures';

/** A seeded non-negative `rows × cols` matrix with ≈ 1/3 zeros and some empty rows. */
function sparseish(rows: number, cols: number, seed: number) {
  const rng = new Rng(seed);
  const data = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    if (i % 5 === 3 || i === rows - 1) continue; // empty rows, the last one too
    for (let j = 0; j < cols; j++)
      if (rng.uniform() < 0.6) data[i * cols + j] = Math.round(1 + 9 * rng.uniform());
  }
  return { data, shape: [rows, cols] as [number, number] };
}

/** The rows of all batches, checking that they come in order and cover X. */
async function streamedRows(source: RowSource, batchSize: number): Promise<number[][]> {
  const out: number[][] = [];
  for await (const b of source.batches(batchSize)) {
    expect(b.start).to.equal(out.length);
    expect(b.rows).to.be.at.most(batchSize);
    out.push(...batchRows(b));
  }
  expect(out.length).to.equal(source.rows);
  return out;
}

function batchRows(b: RowBatch): number[][] {
  const rows = Array.from({ length: b.rows }, () => new Array<number>(b.cols).fill(0));
  if (b.kind === 'csr') {
    for (let i = 0; i < b.rows; i++) {
      for (let p = b.indptr[i]; p < b.indptr[i + 1]; p++) {
        if (p > b.indptr[i]) expect(b.indices[p]).to.be.greaterThan(b.indices[p - 1]);
        rows[i][b.indices[p]] += b.values[p];
      }
    }
  } else {
    for (let p = 0; p < b.rows * b.cols; p++) rows[Math.floor(p / b.cols)][p % b.cols] = b.data[p];
  }
  return rows;
}

describe('io: streaming row readers', () => {
  let t: Awaited<ReturnType<typeof tempDir>>;
  before(async () => (t = await tempDir()));
  after(() => t.cleanup());

  const X = sparseish(23, 7, 1);
  const cases: [string, object][] = [
    ['x.mtx', denseToCsr(X)],
    ['docword.x.txt', denseToCsr(X)],
    ['x.npy', X],
    ['x.csv', X],
    ['x.tsv', X],
  ];
  for (const [name, m] of cases) {
    it(`${name}: every batch size gives the rows of the whole-file reader`, async () => {
      const path = await t.file(name);
      await writeMatrixFile(path, m as typeof X);
      const whole = rowsOf(await readMatrixFile(path));
      const source = await openRowStream(path);
      expect([source.rows, source.cols]).to.deep.equal([23, 7]);
      for (const b of [1, 4, 5, 23, 100])
        expect(await streamedRows(source, b)).to.deep.equal(whole);
    });
  }

  it('Matrix Market: unsorted columns and duplicates within a row, gzip, comments', async () => {
    const text =
      '%%MatrixMarket matrix coordinate real general\n% a comment\n4 3 6\n' +
      '1 3 2.5\n1 1 1\n1 3 0.5\n% between entries\n3 2 4e-1\n4 1 7\n4 1 1\n';
    const path = await t.file('dup.mtx', text);
    const whole = rowsOf(await readMatrixFile(path));
    expect(whole[0]).to.deep.equal([1, 0, 3]);
    expect(await streamedRows(await openRowStream(path), 2)).to.deep.equal(whole);
    const gz = await t.file('dup.mtx.gz', gzipSync(await readFile(path)));
    expect(await streamedRows(await openRowStream(gz, { format: 'mtx' }), 3)).to.deep.equal(whole);
  });

  it('Matrix Market pattern files: every entry is 1', async () => {
    const path = await t.file(
      'p.mtx',
      '%%MatrixMarket matrix coordinate pattern general\n2 2 2\n1 2\n2 1\n',
    );
    expect(await streamedRows(await openRowStream(path), 1)).to.deep.equal([
      [0, 1],
      [1, 0],
    ]);
  });

  it('a file not sorted by row: the error names file and line and says how to sort it', async () => {
    const path = await t.file(
      'unsorted.mtx',
      '%%MatrixMarket matrix coordinate real general\n3 3 3\n2 1 1\n3 3 1\n1 2 1\n',
    );
    const source = await openRowStream(path);
    const message = await errorOf(() => streamedRows(source, 10));
    expect(message).to.include(`${path}:5:`);
    expect(message).to.match(/row 1 comes after row 3/);
    expect(message).to.include(`head -n 2 ${path}; tail -n +3 ${path} | sort -k1,1n -k2,2n`);
    const uci = await t.file('docword.u.txt', '3\n3\n2\n2 1 1\n1 2 1\n');
    expect(await errorOf(async () => streamedRows(await openRowStream(uci), 1))).to.match(
      /docword\.u\.txt:5: docID 1 comes after docID 2.*sort/,
    );
  });

  it('bad entries: negative values, bad indices, truncation, wrong field counts, by line', async () => {
    const bad = async (name: string, text: string) => {
      const path = await t.file(name, text);
      return errorOf(async () => streamedRows(await openRowStream(path), 2));
    };
    const head = '%%MatrixMarket matrix coordinate real general\n2 2 2\n';
    expect(await bad('neg.mtx', head + '1 1 1\n2 2 -3\n')).to.match(
      /neg\.mtx:4: value -3 is negative/,
    );
    expect(await bad('col.mtx', head + '1 1 1\n2 5 1\n')).to.match(
      /col\.mtx:4: column index is 5, expected an integer in 1\.\.2/,
    );
    expect(await bad('nan.mtx', head + '1 1 1\n2 2 nan\n')).to.match(
      /nan\.mtx:4: value is a non-finite value/,
    );
    expect(await bad('short.mtx', head + '1 1 1\n')).to.match(
      /short\.mtx:3: truncated: 1 entries read, the size line declares 2/,
    );
    expect(await bad('fields.mtx', head + '1 1\n')).to.match(
      /fields\.mtx:3: entry must have 3 fields/,
    );
    expect(await bad('arr.mtx', '%%MatrixMarket matrix array real general\n2 1\n1\n2\n')).to.match(
      /arr\.mtx:1: .*stored by columns/,
    );
    expect(await bad('x.csv', '1,2\n3,-4\n')).to.match(/x\.csv:2: field 2 is negative/);
    expect(await bad('y.csv', 'a,b\n1,2\n3\n')).to.match(/y\.csv:3: has 1 fields, expected 2/);
  });

  it('NPY: Fortran order and gzip are refused, a negative value is located', async () => {
    const path = await t.file('f.npy');
    await writeMatrixFile(path, { data: Float32Array.from([1, 2, 3, -4]), shape: [2, 2] });
    expect(await errorOf(async () => streamedRows(await openRowStream(path), 1))).to.match(
      /f\.npy: the value at row 2, column 2 is -4/,
    );
    const bytes = await readFile(path);
    const fortran = Buffer.from(
      bytes.toString('latin1').replace("'fortran_order': False", "'fortran_order': True "),
      'latin1',
    );
    const fpath = await t.file('fortran.npy', fortran);
    expect(await errorOf(() => openRowStream(fpath))).to.match(/fortran\.npy: a Fortran-order/);
    const gz = await t.file('g.npy', gzipSync(bytes));
    expect(await errorOf(() => openRowStream(gz))).to.match(/g\.npy: a gzipped \.npy/);
  });

  it('the batch buffers do not grow with the number of rows', async () => {
    // The same rows twice over: twice the rows, the same batches.
    const once = sparseish(40, 6, 3);
    const twice = { data: new Float32Array(80 * 6), shape: [80, 6] as [number, number] };
    twice.data.set(once.data);
    twice.data.set(once.data, once.data.length);
    for (const ext of ['mtx', 'npy', 'csv']) {
      const peak: number[] = [];
      for (const [tag, m] of [
        ['once', once],
        ['twice', twice],
      ] as const) {
        const path = await t.file(`${tag}.${ext}`);
        await writeMatrixFile(path, ext === 'mtx' ? denseToCsr(m) : m);
        const source = await openRowStream(path);
        await streamedRows(source, 8);
        peak.push(source.peakBatchBytes);
      }
      expect(peak[0], ext).to.be.greaterThan(0);
      expect(peak[1], ext).to.equal(peak[0]);
    }
  });

  it('formats that cannot stream are refused with the list of those that can', async () => {
    const path = await t.file('x.coo', '0 0 1\n');
    expect(await errorOf(() => openRowStream(path))).to.match(
      /cannot stream .*x\.coo.*mtx, uci, npy, csv, tsv/,
    );
    await writeFile(await t.file('e.csv'), '# nothing\n');
    expect(await errorOf(async () => openRowStream(await t.file('e.csv')))).to.match(
      /e\.csv: no data rows/,
    );
  });
});
