/**
 * "Your own data" from the command line (issue 19): folders of images and documents with
 * planted parts and topics, names carried into every output, headers that never drop a data
 * row silently, missing values, and the README's commands.
 */
import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import { readMatrixFile } from '../../src/io';
import { csv, lowRankCsv } from './fixtures';
import {
  cosine,
  plantedDocumentFolder,
  plantedDocumentLines,
  plantedImageFolder,
  quadrants,
  TOPICS,
} from './real-data-fixtures';
import { expectUserError, listTree, runCli, runJson, tempDir } from './run';

interface FitJson {
  relativeError: number;
  files: string[];
  shape: [number, number];
  solver: string;
}

describe('cli: your own data (folders, names, headers, missing values)', function () {
  this.timeout(120000);
  const { dir, cleanup } = tempDir();
  after(cleanup);
  const at = (...p: string[]) => path.join(dir, ...p);

  it('--input DIR of images (PNG, PGM, JPEG, one to resize) gives back the planted parts', async () => {
    const { files } = plantedImageFolder(at('photos'));
    const out = at('photos-out');
    const r = runJson<FitJson>([
      'factorize',
      '--input',
      at('photos'),
      '--image-shape',
      '8x8',
      '--rank',
      '4',
      '--solver',
      'hals',
      '--max-iter',
      '500',
      '--tol',
      '1e-6',
      '--format',
      'csv',
      '--out',
      out,
    ]);
    expect(r.shape).to.deep.equal([40, 64]);
    expect(r.relativeError).to.be.below(0.05);
    const H = await readMatrixFile(path.join(out, 'H.csv'));
    expect(H.shape).to.deep.equal([4, 64]);
    const h = (H as { data: Float32Array }).data;
    // Every planted quadrant is one component (cosine > 0.95), each a different one.
    const matched = quadrants().map((part) => {
      const cos = [0, 1, 2, 3].map((c) => cosine(part, h.subarray(c * 64, (c + 1) * 64)));
      const best = cos.indexOf(Math.max(...cos));
      expect(cos[best], `quadrant vs components: ${cos}`).to.be.above(0.95);
      return best;
    });
    expect(new Set(matched).size).to.equal(4);
    // W's rows are named by the image files.
    const W = await readMatrixFile(path.join(out, 'W.csv'), { rowNames: true });
    expect((W as { rowNames?: string[] }).rowNames).to.deep.equal(files);
    expect((W as { columnNames?: string[] }).columnNames).to.deep.equal(['c0', 'c1', 'c2', 'c3']);
    expect(listTree(out)).to.include.members(['components.png', 'names.json', 'report.html']);
    const names = JSON.parse(fs.readFileSync(path.join(out, 'names.json'), 'utf8'));
    expect(names.rows).to.deep.equal(files);
    expect(names.features).to.equal(null);
    const html = fs.readFileSync(path.join(out, 'report.html'), 'utf8');
    expect(html).to.contain('Heat map of H');
    expect(html).to.contain(files[0]);
  });

  it('an image folder of mixed sizes without --image-shape names the file and the flag', () => {
    plantedImageFolder(at('mixed'), 4);
    expectUserError(
      runCli(['factorize', '--input', at('mixed'), '--rank', '2']),
      /img02\.jpg: image is 32 × 32, expected 8 × 8 \(as img00\.png\); pass --image-shape HxW to resize/,
    );
  });

  it('--input DIR of documents (.txt, .md) gives back the planted topics and their documents', () => {
    const { byTopic } = plantedDocumentFolder(at('notes'));
    const out = at('notes-out');
    const r = runCli([
      'factorize',
      '--input',
      at('notes'),
      '--rank',
      '3',
      '--top',
      '5',
      '--max-df',
      '0.9',
      '--out',
      out,
      '--json',
    ]);
    expect(r.code, r.stderr).to.equal(0);
    const topics = JSON.parse(fs.readFileSync(path.join(out, 'topics.json'), 'utf8')) as {
      words: { word: string }[];
      documents: { name: string }[];
    }[];
    expect(topics).to.have.length(3);
    // Each topic is one planted topic: its 5 top words are that topic's words, and its 5 top
    // documents are that topic's files (by name).
    const found = topics.map((t) => {
      const words = t.words.map((w) => w.word).sort();
      const k = TOPICS.findIndex((ws) => [...ws].sort().join() === words.join());
      expect(k, `topic words ${words}`).to.be.at.least(0);
      expect(t.documents.map((d) => d.name).sort()).to.deep.equal([...byTopic[k]].sort());
      return k;
    });
    expect(new Set(found).size).to.equal(3);
    // "the"/"and" are stop words and "said" is in every document (max-df 0.9): all gone.
    const text = fs.readFileSync(path.join(out, 'topics.txt'), 'utf8');
    expect(text).to.match(/^ {3}documents: t\d-\d\.(txt|md) /m);
    expect(text).not.to.match(/\b(the|and|said)\b/);
    const names = JSON.parse(fs.readFileSync(path.join(out, 'names.json'), 'utf8'));
    expect(names.rows).to.have.length(15);
    expect(names.features).to.include.members(TOPICS.flat());
    const manifest = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8'));
    expect(manifest.notes.featureNames).to.deep.equal(names.features);
  });

  it('--one-per-line, --stop-words, --max-features and --ngram shape the vocabulary', () => {
    const { topicOfLine } = plantedDocumentLines(at('lines'));
    const r = runJson<FitJson>([
      'factorize',
      '--input',
      at('lines'),
      '--one-per-line',
      '--rank',
      '3',
      '--stop-words',
      'tax,army',
      '--max-features',
      '12',
      '--out',
      at('lines-out'),
    ]);
    expect(r.shape).to.deep.equal([topicOfLine.length, 12]);
    const names = JSON.parse(fs.readFileSync(at('lines-out', 'names.json'), 'utf8'));
    expect(names.rows[0]).to.equal('all.txt:1');
    expect(names.rows).to.have.length(12);
    expect(names.features).not.to.include.members(['tax']);
    expect(names.features).not.to.include.members(['army']);
    const pairs = runJson<FitJson>([
      'factorize',
      '--input',
      at('lines'),
      '--one-per-line',
      '--rank',
      '3',
      '--ngram',
      '1,2',
      '--min-df',
      '2',
    ]);
    expect(pairs.shape[1]).to.be.above(15); // word pairs besides the 15 words
    expectUserError(
      runCli(['factorize', '--input', at('lines'), '--rank', '2', '--ngram', '2,1']),
      /option --ngram must be LO,HI/,
    );
    expectUserError(
      runCli(['factorize', '--input', at('photos'), '--rank', '2', '--max-features', '3']),
      /option --max-features applies to document folders only/,
    );
  });

  it('CSV names: --row-names and the header travel into W, H, the report and transform', async () => {
    const rows = ['alpha', 'beta', 'gamma, inc.', 'delta', 'eps', 'zeta'];
    const cols = ['red', 'green', 'blue', 'cyan'];
    const X = [
      [1, 0, 2, 0],
      [2, 0, 4, 0],
      [0, 3, 0, 1],
      [0, 6, 0, 2],
      [1, 3, 2, 1],
      [2, 3, 4, 1],
    ];
    const file = at('named.csv');
    fs.writeFileSync(
      file,
      `name,${cols.join(',')}\n` + X.map((r, i) => `"${rows[i]}",${r.join(',')}`).join('\n'),
    );
    const out = at('named-out');
    const r = runJson<FitJson>([
      'factorize',
      '--input',
      file,
      '--row-names',
      '--rank',
      '2',
      '--solver',
      'hals',
      '--tol',
      '1e-8',
      '--max-iter',
      '500',
      '--format',
      'csv',
      '--out',
      out,
    ]);
    expect(r.shape).to.deep.equal([6, 4]);
    expect(r.relativeError).to.be.below(1e-3);
    const W = (await readMatrixFile(path.join(out, 'W.csv'), { rowNames: true })) as {
      rowNames?: string[];
      shape: number[];
    };
    expect(W.rowNames).to.deep.equal(rows);
    const H = (await readMatrixFile(path.join(out, 'H.csv'))) as { columnNames?: string[] };
    expect(H.columnNames).to.deep.equal(cols);
    const html = fs.readFileSync(path.join(out, 'report.html'), 'utf8');
    expect(html).to.contain('gamma, inc.');
    expect(html).to.match(/<title>component \d, green: /);
    // transform: names in, names out (CSV on stdout, and --json).
    const t = runCli(['transform', '--model', out, '--input', file, '--row-names']);
    expect(t.code, t.stderr).to.equal(0);
    const lines = t.stdout.trim().split('\n');
    expect(lines[0]).to.equal('name,c0,c1');
    expect(lines[3]).to.match(/^"gamma, inc\.",/);
    const j = runJson<{ rowNames: string[]; W: number[][] }>([
      'transform',
      '--model',
      out,
      '--input',
      file,
      '--row-names',
    ]);
    expect(j.rowNames).to.deep.equal(rows);
    expect(j.W).to.have.length(6);
    // The same model as NPY: names.json beside it.
    const npy = runJson<FitJson>([
      'factorize',
      '--input',
      file,
      '--row-names',
      '--rank',
      '2',
      '--out',
      at('named-npy'),
    ]);
    expect(npy.files.map((f) => path.basename(f))).to.include.members([
      'W.npy',
      'H.npy',
      'names.json',
    ]);
    const names = JSON.parse(fs.readFileSync(at('named-npy', 'names.json'), 'utf8'));
    expect(names).to.deep.include({ rows, features: cols, components: ['c0', 'c1'] });
    // compare: per method its components' top features and rows by name, and a heat map of H.
    const cmp = at('named-cmp');
    const c = runCli([
      'compare',
      '--input',
      file,
      '--row-names',
      '--rank',
      '2',
      '--methods',
      'mu,hals',
      '--out',
      cmp,
    ]);
    expect(c.code, c.stderr).to.equal(0);
    const page = fs.readFileSync(path.join(cmp, 'compare.html'), 'utf8');
    for (const m of ['mu', 'hals']) {
      expect(page).to.contain(`${m}: Top features and rows of each component`);
      expect(page).to.contain(`${m}: Heat map of H`);
    }
    expect(page).to.contain('gamma, inc.');
    expect(page).to.match(/<title>component \d, green: /);
  });

  it('--header auto never drops a row with numbers silently; yes/no/--delimiter/--input-format', () => {
    const file = at('h.csv');
    fs.writeFileSync(
      file,
      csv([
        [1, 2, 3],
        [4, 5, 6],
        [7, 8, 9],
      ]).replace(/^1,2,3/, '1.0,abc,2'),
    );
    // auto: taken as a header, with a note naming the file, line and numeric fields.
    const r = runCli(['factorize', '--input', file, '--rank', '1', '--json']);
    expect(r.code, r.stderr).to.equal(0);
    expect(JSON.parse(r.stdout).shape).to.deep.equal([2, 3]);
    expect(r.stderr).to.match(
      /h\.csv:1: taken as a header .* fields 1 \(1\.0\), 3 \(2\) are numbers; pass --header no/,
    );
    // no: read as data, so "abc" is the error, named.
    expectUserError(
      runCli(['factorize', '--input', file, '--rank', '1', '--header', 'no']),
      /h\.csv:1: field 2 is not a number: "abc"/,
    );
    // A numeric first row is data: no row lost.
    fs.writeFileSync(
      at('n.csv'),
      csv([
        [1, 2],
        [3, 4],
        [5, 6],
      ]),
    );
    expect(
      runJson<FitJson>(['factorize', '--input', at('n.csv'), '--rank', '1']).shape,
    ).to.deep.equal([3, 2]);
    // yes: even a numeric first line is a header.
    expect(
      runJson<FitJson>(['factorize', '--input', at('n.csv'), '--rank', '1', '--header', 'yes'])
        .shape,
    ).to.deep.equal([2, 2]);
    // Semicolon CSV (detected), space-separated .txt (detected), explicit delimiter and format.
    fs.writeFileSync(at('semi.csv'), 'a;b;c\n1;2;3\n4;5;6\n');
    expect(
      runJson<FitJson>(['factorize', '--input', at('semi.csv'), '--rank', '1']).shape,
    ).to.deep.equal([2, 3]);
    fs.writeFileSync(at('space.txt'), '1 2  3\n4\t5 6\n7 8 9\n1 1 1\n');
    expect(
      runJson<FitJson>(['factorize', '--input', at('space.txt'), '--rank', '2']).shape,
    ).to.deep.equal([4, 3]);
    fs.writeFileSync(at('pipe.dat'), '1|2\n3|4\n5|6\n');
    expect(
      runJson<FitJson>([
        'factorize',
        '--input',
        at('pipe.dat'),
        '--input-format',
        'csv',
        '--delimiter',
        '|',
        '--rank',
        '1',
      ]).shape,
    ).to.deep.equal([3, 2]);
    expect(
      runJson<FitJson>([
        'factorize',
        '--input',
        at('pipe.dat'),
        '--input-format',
        'txt',
        '--delimiter',
        '|',
        '--rank',
        '1',
      ]).shape,
    ).to.deep.equal([3, 2]);
    expectUserError(
      runCli(['factorize', '--input', at('pipe.dat'), '--rank', '1']),
      /cannot tell the format of .*pipe\.dat from its name/,
    );
  });

  it('--nan-as-missing: empty fields and NaN are missing, filled in by the low-rank fit', async () => {
    const { X } = lowRankCsv(dir);
    const holes: [number, number][] = [
      [0, 1],
      [3, 4],
      [7, 7],
      [10, 2],
    ];
    const text = X.map((row, i) =>
      row
        .map((v, j) => (holes.some(([a, b]) => a === i && b === j) ? (i === 3 ? 'NaN' : '') : v))
        .join(','),
    ).join('\n');
    fs.writeFileSync(at('holes.csv'), text + '\n');
    expectUserError(
      runCli(['factorize', '--input', at('holes.csv'), '--rank', '3']),
      /holes\.csv:1: field 2 is not a number: "" \(a missing value\? pass --nan-as-missing/,
    );
    const out = at('holes-out');
    const r = runJson<FitJson>([
      'factorize',
      '--input',
      at('holes.csv'),
      '--rank',
      '3',
      '--nan-as-missing',
      '--max-iter',
      '3000',
      '--tol',
      '1e-9',
      '--format',
      'csv',
      '--out',
      out,
    ]);
    expect(r.solver).to.equal('mu');
    const W = (await readMatrixFile(path.join(out, 'W.csv'))) as { data: Float32Array };
    const H = (await readMatrixFile(path.join(out, 'H.csv'))) as { data: Float32Array };
    // The missing entries are predicted by W H (relative error below 10 %).
    for (const [i, j] of holes) {
      let v = 0;
      for (let c = 0; c < 3; c++) v += W.data[i * 3 + c] * H.data[c * 8 + j];
      expect(Math.abs(v - X[i][j]) / X[i][j], `entry (${i}, ${j})`).to.be.below(0.1);
    }
    // transform: the rows of W from the observed entries, with the model's H held fixed.
    expectUserError(
      runCli(['transform', '--model', out, '--input', at('holes.csv')]),
      /holes\.csv:1: field 2 is not a number/,
    );
    const t = runJson<{ relativeError: number; shape: number[] }>([
      'transform',
      '--model',
      out,
      '--input',
      at('holes.csv'),
      '--nan-as-missing',
      '--out',
      at('holes-W.csv'),
    ]);
    expect(t.shape).to.deep.equal([X.length, 3]);
    expect(t.relativeError).to.be.within(0, 0.05);
    const Wt = (await readMatrixFile(at('holes-W.csv'))) as { data: Float32Array };
    for (const [i, j] of holes) {
      let v = 0;
      for (let c = 0; c < 3; c++) v += Wt.data[i * 3 + c] * H.data[c * 8 + j];
      expect(Math.abs(v - X[i][j]) / X[i][j], `transformed entry (${i}, ${j})`).to.be.below(0.1);
    }
    // compare: every method fits the observed entries; a method that cannot is named.
    const c = runJson<{ methods: { method: string; mean: { relativeError: number } }[] }>([
      'compare',
      '--input',
      at('holes.csv'),
      '--rank',
      '3',
      '--methods',
      'mu,hals,anls',
      '--nan-as-missing',
      '--max-iter',
      '500',
    ]);
    expect(c.methods.map((m) => m.method)).to.deep.equal(['mu', 'hals', 'anls']);
    for (const m of c.methods) expect(m.mean.relativeError, m.method).to.be.within(0, 0.05);
    expectUserError(
      runCli([
        'compare',
        '--input',
        at('holes.csv'),
        '--rank',
        '3',
        '--methods',
        'mu,anls:pgd',
        '--nan-as-missing',
      ]),
      /--nan-as-missing needs methods that support missing values \(mu, overparam-joint, anls, hals; .*got method "anls:pgd"/,
    );
  });
});
