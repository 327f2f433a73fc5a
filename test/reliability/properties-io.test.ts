/**
 * Property-based tests of every file reader: valid files round-trip, and random corruptions
 * (truncation, flipped bytes, inserted junk, deleted ranges, header numbers replaced by huge
 * or wrong counts, duplicated lines) either read as a valid matrix or fail with an NmflowError
 * naming the file; no case hangs, crashes or allocates what a header merely declares.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { gzipSync } from 'zlib';
import * as fc from 'fast-check';
import { expect } from 'chai';
import { PNG } from 'pngjs';
import { NmflowError } from '../../src';
import type { DataMatrix, DenseMatrix } from '../../src/datasets/types';
import {
  readIdx,
  readImage,
  readMatrixFile,
  writeMatrixFile,
  type MatrixFormat,
} from '../../src/io';
import { checkCsr, isCsr } from '../../src/linalg/csr';
import { checkProperty, expectNamedError, watchUnhandledRejections } from './property';

/** File name per format (the reader picks the format from it). */
const NAMES: Record<MatrixFormat, string> = {
  csv: 'm.csv',
  tsv: 'm.tsv',
  mtx: 'm.mtx',
  npy: 'm.npy',
  coo: 'm.coo',
  uci: 'docword.m.txt',
};
const FORMATS = Object.keys(NAMES) as MatrixFormat[];

/** A small dense matrix; counts (non-negative integers) for UCI, finite floats otherwise. */
const denseMatrix = (counts: boolean) =>
  fc
    .record({ rows: fc.integer({ min: 1, max: 6 }), cols: fc.integer({ min: 1, max: 6 }) })
    .chain(({ rows, cols }) =>
      fc
        .array(
          counts
            ? fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 50 }))
            : fc.oneof(
                fc.constant(0),
                fc.float({
                  noNaN: true,
                  noDefaultInfinity: true,
                  min: Math.fround(-1e30),
                  max: Math.fround(1e30),
                }),
              ),
          { minLength: rows * cols, maxLength: rows * cols },
        )
        .map((v): DenseMatrix => ({ data: Float32Array.from(v), shape: [rows, cols] })),
    );

function toDense(m: DataMatrix): Float32Array {
  const [rows, cols] = m.shape;
  if (!isCsr(m)) return (m as DenseMatrix).data;
  const out = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let k = m.indptr[i]; k < m.indptr[i + 1]; k++) out[i * cols + m.indices[k]] += m.values[k];
  }
  return out;
}

/** A valid read result: a consistent CSR matrix, or dense data matching the shape, finite. */
function expectValidMatrix(m: DataMatrix): void {
  const [rows, cols] = m.shape;
  expect(Number.isInteger(rows) && rows >= 0 && Number.isInteger(cols) && cols >= 0).to.equal(true);
  if (isCsr(m)) {
    if (rows > 0 && cols > 0) checkCsr(m, 'result');
  } else {
    const d = (m as DenseMatrix).data;
    expect(d.length).to.equal(rows * cols);
    expect(d.every(Number.isFinite)).to.equal(true);
  }
}

/** One corruption of a file's bytes. */
type Mutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'flip'; at: number; mask: number }
  | { kind: 'insert'; at: number; bytes: number[] }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'header'; nth: number; value: string }
  | { kind: 'duplicateLine'; nth: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('flip' as const),
    at: fc.nat(),
    mask: fc.integer({ min: 1, max: 255 }),
  }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    bytes: fc.array(
      fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(10, 32, 44, 45, 46, 48, 57, 101)),
      {
        minLength: 1,
        maxLength: 8,
      },
    ),
  }),
  fc.record({
    kind: fc.constant('delete' as const),
    at: fc.nat(),
    length: fc.integer({ min: 1, max: 20 }),
  }),
  fc.record({
    kind: fc.constant('header' as const),
    nth: fc.nat({ max: 5 }),
    value: fc.constantFrom(
      '0',
      '-1',
      '1000000000',
      '4294967296',
      '1e18',
      '99999999999999999999',
      '2.5',
      'x',
    ),
  }),
  fc.record({ kind: fc.constant('duplicateLine' as const), nth: fc.nat() }),
);

/** Applies `m` to `bytes`: header mutations replace the nth number among the first 300 bytes. */
function mutate(bytes: Buffer, m: Mutation): Buffer {
  const at = (k: number) => (bytes.length === 0 ? 0 : k % (bytes.length + 1));
  switch (m.kind) {
    case 'truncate':
      return bytes.subarray(
        0,
        at(m.at) === bytes.length ? Math.max(0, bytes.length - 1) : at(m.at),
      );
    case 'flip': {
      const out = Buffer.from(bytes);
      if (out.length) out[m.at % out.length] ^= m.mask;
      return out;
    }
    case 'insert':
      return Buffer.concat([
        bytes.subarray(0, at(m.at)),
        Buffer.from(m.bytes),
        bytes.subarray(at(m.at)),
      ]);
    case 'delete':
      return Buffer.concat([bytes.subarray(0, at(m.at)), bytes.subarray(at(m.at) + m.length)]);
    case 'header': {
      const head = bytes.subarray(0, 300).toString('latin1');
      const numbers = [...head.matchAll(/\d+/g)];
      if (numbers.length === 0) return bytes;
      const hit = numbers[m.nth % numbers.length];
      const start = hit.index!;
      return Buffer.concat([
        bytes.subarray(0, start),
        Buffer.from(m.value, 'latin1'),
        bytes.subarray(start + hit[0].length),
      ]);
    }
    case 'duplicateLine': {
      const lines = bytes.toString('latin1').split('\n');
      const k = m.nth % lines.length;
      lines.splice(k, 0, lines[k]);
      return Buffer.from(lines.join('\n'), 'latin1');
    }
  }
}

/** Reads `file` with `read`: a valid result, or an NmflowError naming the file. */
async function expectValidOrNamedError<T>(
  file: string,
  read: () => Promise<T>,
  valid: (r: T) => void,
): Promise<void> {
  let result: T;
  try {
    result = await read();
  } catch (err) {
    expectNamedError(err, new RegExp(path.basename(file).replace(/\./g, '\\.')));
    return;
  }
  valid(result);
}

describe('reliability: file reader properties', function () {
  this.timeout(300000);
  let dir: string;
  let count = 0;
  let rejections: ReturnType<typeof watchUnhandledRejections>;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nmflow-fuzz-'));
    rejections = watchUnhandledRejections();
  });
  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    expect(rejections.stop(), 'unhandled promise rejections').to.deep.equal([]);
  });
  /** A fresh file path (in its own folder, so UCI vocabularies never mix). */
  const fresh = (name: string) => {
    const sub = path.join(dir, String(count++));
    fs.mkdirSync(sub);
    return path.join(sub, name);
  };

  for (const format of FORMATS) {
    it(`${format}: random matrices round-trip through write and read`, async () => {
      await checkProperty(
        `${format} round trip`,
        [denseMatrix(format === 'uci'), fc.boolean()],
        async (m, gz) => {
          const gzip = gz && format !== 'npy';
          const file = fresh(NAMES[format] + (gzip ? '.gz' : ''));
          await writeMatrixFile(file, m);
          const back = await readMatrixFile(file);
          expectValidMatrix(back);
          expect(back.shape).to.deep.equal(m.shape);
          // -0 may come back as 0 (text formats write "0"); + 0 maps −0 to 0.
          const plain = (d: Float32Array) => Array.from(d, (v) => v + 0);
          expect(plain(toDense(back))).to.deep.equal(plain(m.data));
        },
        15,
      );
    });

    it(`${format}: corrupted files read as valid matrices or fail naming the file`, async () => {
      await checkProperty(
        `${format} corrupted`,
        [
          denseMatrix(format === 'uci'),
          fc.array(mutation, { minLength: 1, maxLength: 3 }),
          fc.boolean(),
        ],
        async (m, mutations, gz) => {
          const file = fresh(NAMES[format]);
          await writeMatrixFile(file, m);
          let bytes: Buffer = fs.readFileSync(file);
          for (const mu of mutations) bytes = mutate(bytes, mu);
          // Corrupt the gzip stream itself in half of the text cases.
          if (gz && format !== 'npy') {
            const zipped = mutate(gzipSync(fs.readFileSync(file)), mutations[0]);
            fs.writeFileSync(file + '.gz', zipped);
            await expectValidOrNamedError(
              file + '.gz',
              () => readMatrixFile(file + '.gz'),
              expectValidMatrix,
            );
          }
          fs.writeFileSync(file, bytes);
          await expectValidOrNamedError(file, () => readMatrixFile(file), expectValidMatrix);
        },
        40,
      );
    });
  }

  it('png / pgm / idx: corrupted files decode validly or fail naming the file', async () => {
    const image = fc.record({
      h: fc.integer({ min: 1, max: 5 }),
      w: fc.integer({ min: 1, max: 5 }),
      seed: fc.nat(),
      kind: fc.constantFrom('png', 'pgm-binary', 'pgm-text', 'idx'),
    });
    await checkProperty(
      'png, pgm and idx corrupted',
      [image, fc.array(mutation, { minLength: 0, maxLength: 3 })],
      async ({ h, w, seed, kind }, mutations) => {
        const pixels = Array.from({ length: h * w }, (_, k) => (seed * 31 + k * 17) % 256);
        let bytes: Buffer;
        if (kind === 'png') {
          const png = new PNG({ width: w, height: h });
          pixels.forEach((v, k) => png.data.set([v, v, v, 255], 4 * k));
          bytes = PNG.sync.write(png);
        } else if (kind === 'pgm-binary') {
          bytes = Buffer.concat([Buffer.from(`P5\n${w} ${h}\n255\n`), Buffer.from(pixels)]);
        } else if (kind === 'pgm-text') {
          bytes = Buffer.from(`P2\n${w} ${h}\n255\n${pixels.join(' ')}\n`);
        } else {
          const header = Buffer.alloc(12);
          header.set([0, 0, 0x08, 2]);
          header.writeUInt32BE(h, 4);
          header.writeUInt32BE(w, 8);
          bytes = Buffer.concat([header, Buffer.from(pixels)]);
        }
        for (const mu of mutations) bytes = mutate(bytes, mu);
        const file = fresh(kind === 'png' ? 'i.png' : kind === 'idx' ? 'i.idx' : 'i.pgm');
        fs.writeFileSync(file, bytes);
        if (kind === 'idx') {
          await expectValidOrNamedError(
            file,
            () => readIdx(file),
            (r) => {
              expect(r.data.length).to.equal(r.dims.reduce((a, b) => a * b, 1));
              expect(r.data.every(Number.isFinite)).to.equal(true);
            },
          );
        } else {
          await expectValidOrNamedError(
            file,
            () => readImage(file),
            (img) => {
              expect(img.data.length).to.equal(img.height * img.width);
              expect(img.data.every((v) => Number.isFinite(v) && v >= 0 && v <= 1)).to.equal(true);
            },
          );
        }
      },
      80,
    );
  });

  it('values beyond float32 range are refused, naming file and line, not read as Infinity', async () => {
    const f8 = Buffer.alloc(8);
    f8.writeDoubleLE(1e39);
    const dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 1), }";
    const header = dict + ' '.repeat(118 - dict.length) + '\n';
    const npy = Buffer.concat([
      Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, header.length, 0]),
      Buffer.from(header, 'latin1'),
      f8,
    ]);
    const cases: [string, string | Buffer, RegExp][] = [
      ['big.csv', '1,2\n1e39,3\n', /big\.csv:2: field 1 overflows float32/],
      [
        'big.mtx',
        '%%MatrixMarket matrix coordinate real general\n2 2 1\n1 1 -4e38\n',
        /big\.mtx:3: value overflows float32/,
      ],
      [
        'dup.coo',
        '0 0 3e38\n0 0 3e38\n',
        /dup\.coo: the duplicate entries at \(row 0, column 0\) sum beyond float32/,
      ],
      ['big.npy', npy, /big\.npy: entry 0 \(row 0, column 0\) is 1e\+39 \(not finite as float32\)/],
    ];
    for (const [name, content, message] of cases) {
      const file = fresh(name);
      fs.writeFileSync(file, content);
      let err: unknown;
      try {
        await readMatrixFile(file);
      } catch (e) {
        err = e;
      }
      expect(expectNamedError(err, message).kind, name).to.equal('input');
    }
  });

  describe('huge declared sizes are refused before allocation', () => {
    const huge: [string, string | Buffer, RegExp][] = [
      [
        'coordinate.mtx',
        '%%MatrixMarket matrix coordinate real general\n1000000000 1000000000 3\n1 1 1\n2 2 2\n3 3 3\n',
        /coordinate\.mtx/,
      ],
      [
        'array.mtx',
        '%%MatrixMarket matrix array real general\n1000000000 1000000000\n1\n2\n',
        /array\.mtx/,
      ],
      [
        'manyentries.mtx',
        '%%MatrixMarket matrix coordinate real general\n10 10 1000000000000\n1 1 1\n',
        /manyentries\.mtx/,
      ],
      ['docword.huge.txt', '1000000000\n1000000000\n1000000000000\n1 1 1\n', /docword\.huge\.txt/],
      ['shape.coo', '# shape: 2147483647 2147483647\n0 0 1\n', /shape\.coo/],
      ['bigindex.coo', '0 0 1\n2000000000 0 1\n', /bigindex\.coo/],
      [
        'huge.npy',
        (() => {
          const dict =
            "{'descr': '<f4', 'fortran_order': False, 'shape': (1000000000, 1000000000), }";
          const header = dict + ' '.repeat(118 - dict.length) + '\n';
          const pre = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, header.length, 0]);
          return Buffer.concat([pre, Buffer.from(header, 'latin1'), Buffer.alloc(16)]);
        })(),
        /huge\.npy/,
      ],
    ];
    for (const [name, content, names] of huge) {
      it(name, async () => {
        const file = fresh(name);
        fs.writeFileSync(file, content);
        const before = process.memoryUsage().arrayBuffers;
        const start = Date.now();
        let err: unknown;
        try {
          const m = await readMatrixFile(file);
          expectValidMatrix(m); // a reader may accept a sparse file whose few entries fit
        } catch (e) {
          err = e;
        }
        if (err !== undefined)
          expect(expectNamedError(err, names).kind).to.be.oneOf(['memory', 'input']);
        expect(Date.now() - start, 'time').to.be.below(2000);
        expect(process.memoryUsage().arrayBuffers - before, 'bytes allocated').to.be.below(
          64 * 2 ** 20,
        );
      });
    }

    it('png, pgm and idx headers declaring 65535² … 2³² pixels', async () => {
      const idx = Buffer.alloc(16);
      idx.set([0, 0, 0x08, 3]);
      idx.writeUInt32BE(60000, 4);
      idx.writeUInt32BE(60000, 8);
      idx.writeUInt32BE(60000, 12);
      const png = PNG.sync.write(new PNG({ width: 1, height: 1 }));
      png.writeUInt32BE(0x7fffffff, 16); // IHDR width (its CRC now fails, which is also fine)
      png.writeUInt32BE(0x7fffffff, 20);
      const cases: [string, Buffer, () => Promise<unknown>][] = [
        ['big.idx', idx, () => readIdx(path.join(dir, 'big.idx'))],
        [
          'big.pgm',
          Buffer.from('P5\n65535 65535\n255\n\0\0'),
          () => readImage(path.join(dir, 'big.pgm')),
        ],
        ['big.png', png, () => readImage(path.join(dir, 'big.png'))],
      ];
      for (const [name, bytes, read] of cases) {
        fs.writeFileSync(path.join(dir, name), bytes);
        const before = process.memoryUsage().arrayBuffers;
        let err: unknown;
        try {
          await read();
        } catch (e) {
          err = e;
        }
        expect(err, name).to.be.instanceOf(NmflowError);
        expectNamedError(err, new RegExp(name.replace('.', '\\.')));
        expect(process.memoryUsage().arrayBuffers - before, name).to.be.below(64 * 2 ** 20);
      }
    });
  });
});
