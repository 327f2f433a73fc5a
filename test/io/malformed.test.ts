/**
 * Malformed input of every matrix format fails with an NmflowError naming the file and the
 * line or entry at fault: truncated files, wrong header counts, out-of-range indices,
 * non-numeric fields, ragged rows, negative counts, NaN/Inf, and sizes above the memory limit.
 */
import { writeFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { expect } from 'chai';
import { readMatrixFile, readUciBagOfWords, type ReadMatrixOptions } from '../../src/io';
import { expectFailure, fixture, tempDir } from './fixtures';

const MM = '%%MatrixMarket matrix coordinate real general\n';
const MA = '%%MatrixMarket matrix array real general\n';

/** [file name, content, patterns the message must contain (besides the file name), options]. */
const CASES: [string, string | Buffer, (string | RegExp)[], ReadMatrixOptions?][] = [
  // CSV / TSV
  ['ragged.csv', '1,2,3\n4,5\n', [':2:', 'has 2 fields, expected 3']],
  ['ragged-header.csv', 'a,b\n1,2\n3,4,5\n', [':3:', 'has 3 fields, expected 2', 'header']],
  ['word.csv', '1,2\n3,x\n', [':2:', 'field 2 is not a number', '"x"']],
  ['empty-field.csv', '1,2\n3,\n', [':2:', 'field 2 is not a number', '""']],
  ['nan.csv', '1,2\nNaN,4\n', [':2:', 'field 1 is a non-finite value', '"NaN"']],
  ['inf.tsv', '1\t-inf\n', [':1:', 'field 2 is a non-finite value']],
  ['overflow.csv', '1,1e999\n', [':1:', 'overflows float32']],
  [
    'negative.csv',
    '1,2\n3,-4\n',
    ['entry (row 1, column 1) is -4', 'non-negative'],
    { nonNegative: true },
  ],
  ['header-only.csv', 'a,b\n', ['no data rows']],
  [
    'grows.csv',
    '1,2,3,4\n'.repeat(300),
    ['the matrix needs 8.00 KiB', 'limit of 4.00 KiB'],
    { maxBytes: 4096 },
  ],
  ['hex.csv', '1,2\n0x10,3\n', [':2:', 'field 1 is not a number']],
  // Matrix Market
  ['no-banner.mtx', '3 3 1\n1 1 1\n', ['not mtx', 'no %%MatrixMarket banner']],
  [
    'complex.mtx',
    '%%MatrixMarket matrix coordinate complex general\n1 1 1\n1 1 1 0\n',
    [':1:', 'unsupported field "complex"'],
  ],
  ['short-banner.mtx', '%%MatrixMarket matrix coordinate real\n', [':1:', 'banner must be']],
  ['no-size.mtx', MM + '% only comments\n', ['truncated: no size line']],
  ['size-fields.mtx', MM + '3 3\n', [':2:', 'size line must have 3 integers']],
  ['size-word.mtx', MM + '3 three 1\n', [':2:', 'columns is not a number']],
  [
    'truncated.mtx',
    MM + '3 3 3\n1 1 1\n2 2 2\n',
    [':4:', 'truncated: 2 entries read', 'declares 3'],
  ],
  ['extra.mtx', MM + '2 2 1\n1 1 1\n2 2 2\n', [':4:', 'more entries than the 1 declared']],
  ['row-range.mtx', MM + '2 2 1\n3 1 1\n', [':3:', 'row index is 3, expected an integer in 1..2']],
  [
    'col-zero.mtx',
    MM + '2 2 1\n1 0 1\n',
    [':3:', 'column index is 0, expected an integer in 1..2'],
  ],
  ['value-word.mtx', MM + '2 2 1\n1 1 abc\n', [':3:', 'value is not a number']],
  ['value-nan.mtx', MM + '2 2 1\n1 1 nan\n', [':3:', 'non-finite']],
  ['missing-value.mtx', MM + '2 2 1\n1 1\n', [':3:', 'entry must have 3 fields']],
  [
    'int-field.mtx',
    '%%MatrixMarket matrix coordinate integer general\n2 2 1\n1 1 1.5\n',
    [':3:', 'not an integer'],
  ],
  [
    'upper.mtx',
    '%%MatrixMarket matrix coordinate real symmetric\n2 2 1\n1 2 1\n',
    [':3:', 'above the diagonal'],
  ],
  [
    'nonsquare.mtx',
    '%%MatrixMarket matrix coordinate real symmetric\n2 3 1\n',
    [':2:', 'must be square'],
  ],
  ['too-many.mtx', MM + '2 2 5\n', [':2:', '5 entries cannot fit in 2 × 2']],
  ['array-short.mtx', MA + '2 2\n1\n2\n3\n', [':5:', 'truncated: 3 entries read', 'declares 4']],
  ['array-inf.mtx', MA + '1 2\n1\nInfinity\n', [':4:', 'value 2 is a non-finite value']],
  [
    'huge.mtx',
    MM + '1000000000 1000000000 1000000000\n',
    ['needs 14.9 GiB', 'above the limit of 2.00 GiB', 'maxBytes'],
  ],
  [
    'huge-array.mtx',
    MA + '1000000000 1000000000\n',
    ['a dense 1000000000 × 1000000000 matrix', 'above the limit'],
  ],
  ['limit.mtx', MA + '100 100\n', ['above the limit of 1.00 KiB'], { maxBytes: 1024 }],
  // COO
  ['fields.coo', '0 0 1\n1 1\n', [':2:', 'entry must have 3 fields']],
  ['negative-index.coo', '0 0 1\n-1 0 2\n', [':2:', 'row index is -1, expected an integer ≥ 0']],
  [
    'shape-range.coo',
    '# shape: 2 2\n0 2 1\n',
    [':2:', 'column index is 2, expected an integer in 0..1'],
  ],
  ['value.coo', '0 0 1\n1 1 one\n', [':2:', 'value is not a number']],
  ['inf.coo', '0 0 inf\n', [':1:', 'non-finite']],
  ['late-shape.coo', '0 0 1\n# shape: 2 2\n', [':2:', 'must come before']],
  ['grows.coo', '0 0 1\n'.repeat(1100), ['2048 entries needs 24.0 KiB'], { maxBytes: 20000 }],
  ['empty.coo', '# nothing\n', ['no entries']],
  // UCI
  ['docword.short.txt', '2\n3\n', [':2:', 'truncated: the header needs 3 lines']],
  [
    'docword.count.txt',
    '2\n3\n4\n1 1 1\n2 3 2\n',
    [':5:', 'truncated: 2 entries read, line 3 declares 4'],
  ],
  ['docword.extra.txt', '1\n3\n1\n1 1 1\n1 2 1\n', [':5:', 'more entries than the 1 declared']],
  ['docword.range.txt', '2\n3\n1\n1 4 1\n', [':4:', 'wordID is 4, expected an integer in 1..3']],
  ['docword.neg.txt', '2\n3\n1\n1 1 -2\n', [':4:', 'count is -2, expected an integer ≥ 1']],
  ['docword.frac.txt', '2\n3\n1\n1 1 0.5\n', [':4:', 'count is 0.5, expected an integer ≥ 1']],
  ['docword.word.txt', '2\nthree\n1\n', [':2:', 'number of words (W) is not a number']],
  ['docword.huge.txt', '1000000\n1000000\n999999999999\n', ['above the limit']],
  // NPY
  ['magic.npy', 'not numpy at all', ['the content is plain text, not npy']],
  [
    'truncated.npy',
    Buffer.concat([
      npyHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }"),
      Buffer.alloc(20),
    ]),
    ['truncated', 'need 32 bytes', 'entry 2'],
  ],
  [
    'dtype.npy',
    npyHeader("{'descr': '<U3', 'fortran_order': False, 'shape': (1,), }"),
    ["unsupported dtype '<U3'"],
  ],
  [
    'huge.npy',
    npyHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (100000, 100000), }"),
    ['dense 100000 × 100000', 'above the limit'],
  ],
  ['header.npy', npyHeader("{'descr': '<f4'}"), ['lacks descr, fortran_order or shape']],
];

function npyHeader(dict: string): Buffer {
  const text = dict + ' '.repeat(63 - ((10 + dict.length) % 64)) + '\n';
  const head = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, 0, 0]);
  head.writeUInt16LE(text.length, 8);
  return Buffer.concat([head, Buffer.from(text, 'latin1')]);
}

describe('io: malformed input', () => {
  let t: Awaited<ReturnType<typeof tempDir>>;
  before(async () => (t = await tempDir()));
  after(() => t.cleanup());

  for (const [name, content, patterns, options] of CASES) {
    it(name, async () => {
      const p = await t.file(name, content);
      const err = await expectFailure(readMatrixFile(p, options), p, ...patterns);
      expect(err.kind).to.be.oneOf(['input', 'memory']);
    });
  }

  it('a UCI vocabulary with the wrong number of words', async () => {
    const vocab = await t.file('vocab.short.txt', 'apple\nbanana\n');
    await expectFailure(
      readUciBagOfWords(fixture('uci', 'docword.tiny.txt'), { vocabPath: vocab }),
      vocab,
      'has 2 words, the docword file declares W = 5',
    );
  });

  it('fixtures with NaN, complex and 3-D npy data', async () => {
    await expectFailure(
      readMatrixFile(fixture('npy', 'nan.npy')),
      'nan.npy',
      'entry 2 (row 1, column 0) is NaN',
    );
    await expectFailure(readMatrixFile(fixture('npy', 'complex.npy')), "unsupported dtype '<c16'");
    await expectFailure(readMatrixFile(fixture('npy', 'three-d.npy')), 'must be 1-D or 2-D');
  });

  it('a truncated gzip stream and a content/extension mismatch', async () => {
    const gz = gzipSync(Buffer.from('1,2\n3,4\n'.repeat(1000)));
    const p = await t.file('cut.csv.gz', gz.subarray(0, gz.length - 20));
    await expectFailure(readMatrixFile(p), p, /cannot read past line \d+/);
    await writeFile(await t.file('mm.csv'), MM + '1 1 1\n1 1 1\n');
    await expectFailure(
      readMatrixFile(await t.file('mm.csv')),
      'the content is a Matrix Market file, not csv',
    );
    await expectFailure(
      readMatrixFile(await t.file('mm.csv'), { format: 'npy' }),
      'not npy as its format option says',
    );
  });

  it('unknown extensions, formats and options are usage errors', async () => {
    const p = await t.file('matrix.dat', '1 2\n');
    const err = await expectFailure(
      readMatrixFile(p),
      'cannot tell the format',
      'csv, tsv, mtx, npy, coo, uci',
    );
    expect(err.kind).to.equal('usage');
    expect(
      (await readMatrixFile(await t.file('sniffed.bin', MM + '1 1 1\n1 1 2\n'))).shape,
    ).to.deep.equal([1, 1]);
    await expectFailure(
      readMatrixFile(p, { format: 'xls' as 'csv' }),
      'option format must be one of',
    );
    await expectFailure(
      readMatrixFile(p, { fromat: 'csv' } as ReadMatrixOptions),
      'unknown readMatrixFile option "fromat"',
    );
    await expectFailure(readMatrixFile(await t.file('missing.csv')), 'missing.csv');
  });
});
