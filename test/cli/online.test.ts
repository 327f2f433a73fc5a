/**
 * `factorize --online` and `transform --online` end to end: the README's "Data larger than
 * memory" commands as written, the outputs they promise, and bad input (exit code 2, the file
 * and line named, nothing left in --out).
 */
import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import { readMatrixFile } from '../../src/io';
import { writePlantedMtx } from '../../scripts/online-data';
import { expectUserError, runCli, runJson, tempDir } from './run';

/** The nmflow lines of the README section's sh block, as argument lists. */
function readmeCommands(): string[][] {
  const readme = fs.readFileSync(path.resolve(__dirname, '../../../README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Data larger than memory'));
  const block = /```sh\n([\s\S]*?)```/.exec(section)![1];
  return block
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => l.trim().split(/\s+/));
}

describe('cli: factorize --online and transform --online', function () {
  this.timeout(300000);
  const { dir, cleanup } = tempDir();
  after(cleanup);
  const at = (...p: string[]) => path.join(dir, ...p);

  before(() => {
    writePlantedMtx(at('corpus.mtx'), { rows: 2500, cols: 400, perRow: 20, topics: 5, seed: 0 });
  });

  it('the README commands run as written and write W, H and the model', async () => {
    const commands = readmeCommands();
    expect(commands.map((c) => c.slice(0, 2).join(' '))).to.deep.equal([
      'nmflow factorize',
      'nmflow transform',
    ]);
    for (const [, ...args] of commands) {
      const r = runCli([...args, '--quiet'], dir);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).to.equal(0);
    }
    for (const f of ['W.npy', 'H.npy', 'manifest.json', 'components.f32']) {
      expect(fs.existsSync(at('out/corpus', f)), f).to.equal(true);
    }
    const W = await readMatrixFile(at('out/corpus/W.npy'));
    const H = await readMatrixFile(at('out/corpus/H.npy'));
    expect(W.shape).to.deep.equal([2500, 20]);
    expect(H.shape).to.deep.equal([20, 400]);
    // transform with the saved H solves the same W, batch by batch.
    expect(fs.readFileSync(at('W.npy')).equals(fs.readFileSync(at('out/corpus/W.npy')))).to.equal(
      true,
    );
    const manifest = JSON.parse(fs.readFileSync(at('out/corpus/manifest.json'), 'utf8'));
    expect(manifest.notes.online).to.include({ batchSize: 2000, passes: 3, nSamples: 2500 });
  });

  it('--json reports the error, the batches and the memory figures', () => {
    const r = runJson<Record<string, number>>(
      [
        'factorize',
        '--input',
        'corpus.mtx',
        '--online',
        '--batch-size',
        '1000',
        '--passes',
        '2',
        '--rank',
        '5',
      ],
      dir,
    );
    expect(r.batches).to.equal(3 * 3);
    expect(r.relativeError).to.be.within(0.1, 0.9);
    expect(r.peakBatchBytes).to.be.greaterThan(0);
    expect(r.maxRssBytes).to.be.greaterThan(0);
  });

  it('bad input: exit code 2 naming the file and line, --out left untouched', () => {
    fs.writeFileSync(
      at('unsorted.mtx'),
      '%%MatrixMarket matrix coordinate real general\n3 3 3\n2 1 1\n1 2 1\n3 3 1\n',
    );
    const r = runCli(
      ['factorize', '--input', 'unsorted.mtx', '--online', '--rank', '1', '--out', 'bad'],
      dir,
    );
    expectUserError(r, /unsorted\.mtx:4: entry in row 1 comes after row 2.*sort -k1,1n -k2,2n/);
    expect(fs.existsSync(at('bad'))).to.equal(false);
    fs.writeFileSync(at('neg.csv'), '1,2\n3,4\n5,-6\n');
    expectUserError(
      runCli(['factorize', '--input', 'neg.csv', '--online', '--rank', '1'], dir),
      /neg\.csv:3: field 2 is negative/,
    );
    expectUserError(
      runCli(
        ['transform', '--model', 'out/corpus', '--input', 'neg.csv', '--online', '--out', 'w.npy'],
        dir,
      ),
      /neg\.csv has 2 columns but the model out\/corpus has 400 features/,
    );
  });

  it('flags: --batch-size needs --online, --online refuses what it does not do', () => {
    expectUserError(
      runCli(['factorize', '--input', 'corpus.mtx', '--rank', '2', '--batch-size', '10'], dir),
      /option --batch-size needs --online/,
    );
    expectUserError(
      runCli(
        ['factorize', '--input', 'corpus.mtx', '--online', '--rank', '2', '--solver', 'hals'],
        dir,
      ),
      /option --solver does not apply with --online/,
    );
    expectUserError(
      runCli(['factorize', '--dataset', 'swimmer', '--online', '--rank', '2'], dir),
      /option --dataset does not apply with --online/,
    );
    expectUserError(
      runCli(
        ['factorize', '--input', 'corpus.mtx', '--online', '--rank', '2', '--batch-size', '0'],
        dir,
      ),
      /option batchSize must be an integer ≥ 1, got 0/,
    );
    expectUserError(
      runCli(['transform', '--model', 'out/corpus', '--input', 'corpus.mtx', '--online'], dir),
      /transform --online writes W to --out FILE\.npy, \.csv or \.tsv/,
    );
  });
});
