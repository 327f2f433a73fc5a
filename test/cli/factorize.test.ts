import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import { PNG } from 'pngjs';
import { readMatrixFile } from '../../src/io';
import { lowRankCsv, tinyCorpus } from './fixtures';
import { expectUserError, listTree, runCli, runJson, tempDir } from './run';

interface FactorizeJson {
  rank: number;
  solver: string;
  iterations: number;
  converged: boolean;
  relativeError: number;
  seconds: number;
  backend: string;
  outDir: string | null;
  files: string[];
  shape: [number, number];
}

describe('cli: factorize, transform, compare', function () {
  this.timeout(120000);
  const { dir, cleanup } = tempDir();
  const { file: X } = lowRankCsv(dir);
  const corpus = tinyCorpus(dir);
  const model = path.join(dir, 'model');
  after(cleanup);

  it('factorize --json fits an exact rank-3 matrix and writes model, W, H, picture and report', async () => {
    const r = runJson<FactorizeJson>([
      'factorize',
      '--input',
      X,
      '--rank',
      '3',
      '--solver',
      'hals',
      '--max-iter',
      '400',
      '--tol',
      '1e-6',
      '--image-shape',
      '2x4',
      '--format',
      'csv',
      '--out',
      model,
    ]);
    expect(r).to.include({ rank: 3, solver: 'hals', outDir: model });
    expect(r.shape).to.deep.equal([12, 8]);
    expect(r.relativeError).to.be.below(0.02);
    expect(r.iterations).to.be.a('number').and.above(0);
    expect(['tensorflow', 'wasm', 'cpu']).to.include(r.backend);
    expect(listTree(model)).to.deep.equal([
      'H.csv',
      'W.csv',
      'components.f32',
      'components.png',
      'manifest.json',
      'report.html',
    ]);
    expect(r.files.map((f) => path.basename(f))).to.deep.equal(listTree(model));
    const W = await readMatrixFile(path.join(model, 'W.csv'));
    const H = await readMatrixFile(path.join(model, 'H.csv'));
    expect(W.shape).to.deep.equal([12, 3]);
    expect(H.shape).to.deep.equal([3, 8]);
    const png = PNG.sync.read(fs.readFileSync(path.join(model, 'components.png')));
    expect(png.width).to.be.above(0);
    const html = fs.readFileSync(path.join(model, 'report.html'), 'utf8');
    expect(html).to.contain('data:image/png;base64,');
    // Two loss curves and the heat map of H.
    expect(html.match(/<svg /g)).to.have.length(3);
    expect(html).to.contain('Heat map of H');
    expect(html).to.contain('Top features and rows of each component');
  });

  it('transform gives W for new rows with the saved components (CSV on stdout and --json)', () => {
    const r = runJson<{ shape: number[]; relativeError: number; W: number[][] }>([
      'transform',
      '--model',
      model,
      '--input',
      X,
    ]);
    expect(r.shape).to.deep.equal([12, 3]);
    expect(r.W).to.have.length(12);
    expect(r.W.flat().every((v) => v >= 0)).to.equal(true);
    expect(r.relativeError).to.be.below(0.03);
    const csv = runCli(['transform', '--model', model, '--input', X, '-q']);
    expect(csv.code, csv.stderr).to.equal(0);
    expect(csv.stdout.trim().split('\n')).to.have.length(12);
  });

  it('factorize on a text corpus writes topics.txt and topics.json with the two topics', () => {
    const out = path.join(dir, 'text');
    const r = runJson<FactorizeJson>([
      'factorize',
      '--input',
      corpus,
      '--rank',
      '2',
      '--top',
      '3',
      '--out',
      out,
    ]);
    expect(r.rank).to.equal(2);
    expect(listTree(out)).to.include.members(['topics.txt', 'topics.json', 'report.html']);
    expect(listTree(out)).not.to.include('components.png');
    const topics = JSON.parse(fs.readFileSync(path.join(out, 'topics.json'), 'utf8')) as {
      words: { word: string }[];
    }[];
    const sets = topics.map((t) =>
      t.words
        .map((w) => w.word)
        .sort()
        .join(' '),
    );
    expect(sets.sort()).to.deep.equal(['army peace war', 'budget deficit tax']);
    expect(fs.readFileSync(path.join(out, 'topics.txt'), 'utf8')).to.match(/^[01]: \w+ \(/m);
  });

  it('compare runs methods × seeds and writes compare.html and compare.json', () => {
    const out = path.join(dir, 'compare');
    const r = runJson<{
      methods: {
        method: string;
        mean: Record<string, number>;
        stability: number;
        runs: unknown[];
      }[];
      seeds: number[];
    }>([
      'compare',
      '--input',
      X,
      '--rank',
      '3',
      '--methods',
      'mu,hals',
      '--seeds',
      '2',
      '--image-shape',
      '2x4',
      '--out',
      out,
    ]);
    expect(r.seeds).to.deep.equal([0, 1]);
    expect(r.methods.map((m) => m.method)).to.deep.equal(['mu', 'hals']);
    for (const m of r.methods) {
      expect(m.runs).to.have.length(2);
      expect(m.stability).to.be.within(0, 1 + 1e-6);
      expect(m.mean.relativeError).to.be.within(0, 0.2);
      expect(m.mean.sparsenessH).to.be.within(0, 1);
    }
    expect(listTree(out)).to.deep.equal(['compare.html', 'compare.json']);
    const html = fs.readFileSync(path.join(out, 'compare.html'), 'utf8');
    expect(html.match(/<img /g)).to.have.length(2);
  });

  it('bad invocations: one line, exit 2, nothing written', () => {
    const out = path.join(dir, 'never');
    fs.writeFileSync(path.join(dir, 'negative.csv'), '1,2\n3,-4\n');
    fs.writeFileSync(path.join(dir, 'malformed.csv'), '1,2\n3,x\n');
    const before = listTree(dir);
    const bad: [string[], RegExp][] = [
      [['--rank', '0', '--input', X], /--rank must be an integer from 1 to 8 .*got 0/],
      [
        ['--rank', '9', '--input', X],
        /--rank must be an integer from 1 to 8 \(the smaller side of the 12 × 8 data\), got 9/,
      ],
      [
        ['--rank', '2', '--input', path.join(dir, 'negative.csv')],
        /negative\.csv: entry \(row 1, column 1\) is -4; the data must be non-negative/,
      ],
      [['--rank', '2', '--input', path.join(dir, 'malformed.csv')], /malformed\.csv:2/],
      [
        ['--rank', '2', '--input', path.join(dir, 'missing.csv')],
        /--input .*missing\.csv: no such file/,
      ],
      [
        ['--rank', '2', '--dataset', 'nope'],
        /unknown data set "nope"; known data sets: mnist, swimmer/,
      ],
      [
        ['--rank', '2', '--input', X, '--solver', 'nope'],
        /Argument: solver, Given: "nope", Choices: "anls", "mu", "hals"/,
      ],
      [
        ['--rank', '2', '--input', X, '--nnls-solver', 'nope'],
        /unknown NNLS solver "nope"; known solvers: .*active-set/,
      ],
      [['--rank', '2'], /give exactly one of --dataset NAME or --input FILE/],
      [
        ['--rank', '2', '--input', X, '--image-shape', '3x3'],
        /--image-shape 3x3 has 9 pixels but the data has 8 columns/,
      ],
    ];
    for (const [args, pattern] of bad)
      expectUserError(runCli(['factorize', ...args, '--out', out]), pattern);
    expectUserError(
      runCli(['compare', '--input', X, '--rank', '2', '--methods', 'mu,frob', '--out', out]),
      /unknown method "frob"; known methods: anls, mu, hals, overparam-joint, or anls:NNLS-SOLVER/,
    );
    expectUserError(
      runCli([
        'transform',
        '--model',
        path.join(dir, 'nomodel'),
        '--input',
        X,
        '--out',
        path.join(out, 'W.csv'),
      ]),
      /nomodel is not a saved model/,
    );
    expectUserError(
      runCli(['transform', '--model', model, '--input', corpus]),
      /has 6 features \(columns\) but the model's components have 8/,
    );
    expect(listTree(dir)).to.deep.equal(before);
  });
});
