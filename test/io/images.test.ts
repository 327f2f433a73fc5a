import { expect } from 'chai';
import { readIdx, readImage, readImageFolder, readMnistIdx, resizeImage } from '../../src/io';
import { expectFailure, fixture, tempDir } from './fixtures';

/** make_fixtures.py's 3 × 4 grey image: value k · 51 / 255 = k / 5. */
const GREY = [0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5].map((k) => Math.fround(k / 5));

describe('io: images', () => {
  it('reads grey PNG, RGB PNG and binary PGM to the same values in [0, 1]', async () => {
    for (const f of ['a-grey.png', 'b-rgb.png', 'c-p5.pgm']) {
      const img = await readImage(fixture('images', 'same', f));
      expect([img.height, img.width], f).to.deep.equal([3, 4]);
      img.data.forEach((v, k) => expect(v, `${f} pixel ${k}`).to.be.closeTo(GREY[k], 1e-6));
    }
  });

  it('reads ASCII PGM with comments, 16-bit PGM and 16-bit PNG', async () => {
    const p2 = await readImage(fixture('images', 'p2.pgm'));
    expect(Array.from(p2.data)).to.deep.equal(
      [0, 3, 7, 15, 15, 11, 0, 1].map((v) => Math.fround(v / 15)),
    );
    const p5 = await readImage(fixture('images', 'p5-16bit.pgm'));
    expect(Array.from(p5.data)).to.deep.equal([0, 0.25, 0.5, 1]);
    const png16 = await readImage(fixture('images', 'grey16.png'));
    expect(Array.from(png16.data)).to.deep.equal([0, 1]);
  });

  it('reads a folder into an image Dataset in file-name order', async () => {
    const d = await readImageFolder(fixture('images', 'same'));
    expect(d.kind).to.equal('image');
    expect(d.shape).to.deep.equal([3, 12]);
    expect(d.imageShape).to.deep.equal([3, 4]);
    expect(d.rowNames).to.deep.equal(['a-grey.png', 'b-rgb.png', 'c-p5.pgm']);
  });

  it('rejects mixed shapes naming the file, or resizes them on request', async () => {
    await expectFailure(
      readImageFolder(fixture('images', 'mixed')),
      'big.png',
      '6 × 8',
      'expected 3 × 4',
    );
    await expectFailure(
      readImageFolder(fixture('images', 'same'), { shape: [2, 2] }),
      'a-grey.png',
      'option shape',
    );
    const d = await readImageFolder(fixture('images', 'mixed'), { resize: true });
    expect(d.shape).to.deep.equal([2, 12]);
    const r = await readImageFolder(fixture('images', 'mixed'), { resize: true, shape: [6, 8] });
    expect(r.imageShape).to.deep.equal([6, 8]);
  });

  it('bilinear resize keeps constants and averages 2 × 2 blocks when halving', () => {
    const img = { data: Float32Array.from([1, 3, 5, 7, 1, 3, 5, 7]), width: 4, height: 2 };
    expect(Array.from(resizeImage(img, 1, 2).data)).to.deep.equal([2, 6]);
    const flat = resizeImage({ data: new Float32Array(6).fill(0.5), width: 3, height: 2 }, 5, 7);
    expect(new Set(flat.data)).to.deep.equal(new Set([0.5]));
  });

  it('reads MNIST IDX images and labels, plain and gzipped', async () => {
    for (const f of ['images-idx3-ubyte', 'images-idx3-ubyte.gz']) {
      const d = await readMnistIdx(fixture('idx', f), fixture('idx', 'labels-idx1-ubyte'));
      expect(d.shape).to.deep.equal([2, 6]);
      expect(d.imageShape).to.deep.equal([3, 2]);
      expect(d.labels).to.deep.equal([7, 3]);
      const X = (d.X as { data: Float32Array }).data;
      expect(Array.from(X)).to.deep.equal(
        Array.from({ length: 12 }, (_, k) => Math.fround((20 * k) / 255)),
      );
    }
    const f = await readIdx(fixture('idx', 'float-idx2'));
    expect(f.dims).to.deep.equal([2, 2]);
    expect(Array.from(f.data)).to.deep.equal([1.5, -2, 0.25, 8]);
  });

  describe('malformed images', () => {
    let t: Awaited<ReturnType<typeof tempDir>>;
    before(async () => (t = await tempDir()));
    after(() => t.cleanup());

    const cases: [string, string | Buffer, (string | RegExp)[]][] = [
      [
        'truncated.pgm',
        Buffer.concat([Buffer.from('P5 4 3 255\n'), Buffer.alloc(5)]),
        ['truncated', 'pixel 5'],
      ],
      ['no-maxval.pgm', 'P2 4 3', ['truncated: missing maxval']],
      ['bad-width.pgm', 'P2\nfour 3 255\n', ['width must be an integer']],
      ['negative.pgm', 'P2\n2 1\n255\n3\n-4\n', [':5:', 'pixel 1', '"-4"']],
      ['too-big.pgm', 'P2 2 1 10 3 11', ['pixel 1', '0..10', '"11"']],
      [
        'p5-over.pgm',
        Buffer.concat([Buffer.from('P5 1 1 100\n'), Buffer.from([200])]),
        ['pixel 0', '200 > maxval 100'],
      ],
      [
        'bad.png',
        Buffer.from([
          0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 1, 2, 3, 4, 0, 0, 0, 1, 0, 0,
          0, 1,
        ]),
        ['bad.png', 'invalid PNG'],
      ],
      ['text.png', 'hello', ['text.png', 'not a PNG, JPEG or PGM']],
    ];
    for (const [name, content, patterns] of cases) {
      it(name, async () => {
        await expectFailure(readImage(await t.file(name, content)), name, ...patterns);
      });
    }

    it('IDX: truncated data, bad magic, label count mismatch', async () => {
      const head = Buffer.from([0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 2]);
      await expectFailure(
        readIdx(await t.file('short-idx', Buffer.concat([head, Buffer.alloc(5)]))),
        'short-idx',
        'needs 8 values, found 5',
      );
      await expectFailure(
        readIdx(await t.file('magic-idx', Buffer.from([1, 0, 8, 1, 0, 0, 0, 1, 0]))),
        'not an IDX file',
      );
      await expectFailure(
        readMnistIdx(fixture('idx', 'images-idx3-ubyte'), fixture('idx', 'float-idx2')),
        'float-idx2',
        'expected 2 labels',
      );
      await expectFailure(
        readIdx(
          await t.file(
            'huge-idx',
            Buffer.from([0, 0, 8, 2, 0x7f, 0xff, 0xff, 0xff, 0x7f, 0xff, 0xff, 0xff]),
          ),
        ),
        'huge-idx',
        'above the limit',
      );
    });
  });
});
