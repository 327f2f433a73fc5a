/**
 * Output folders and files from the command line (issue 19): a non-empty --out is refused
 * unless --force, which replaces the old nmflow outputs as a whole (a killed run leaves the old
 * set or the new set, never a mix); output names checked before any work; unknown flags named
 * with a suggestion; EPIPE on stdout ends quietly; `datasets export` for every format.
 */
import { expect } from 'chai';
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { readMatrixFile } from '../../src/io';
import { lowRankCsv, nnlsProblem } from './fixtures';
import { BIN, expectUserError, listTree, runCli, runJson, tempDir } from './run';

/** Every file of `dir` with its content (the "set" a reader sees). */
function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(
    listTree(dir).map((f) => [f, fs.readFileSync(path.join(dir, f)).toString('base64')]),
  );
}

describe('cli: output folders, output names, unknown flags, EPIPE, export', function () {
  this.timeout(120000);
  const { dir, cleanup } = tempDir();
  after(cleanup);
  const at = (...p: string[]) => path.join(dir, ...p);
  const { file: X } = lowRankCsv(dir);

  it('--out into a non-empty folder is refused (exit 2, nothing touched) unless --force', () => {
    const out = at('run');
    const first = runJson<{ files: string[] }>([
      'factorize',
      '--input',
      X,
      '--rank',
      '2',
      '--image-shape',
      '2x4',
      '--out',
      out,
    ]);
    expect(first.files.map((f) => path.basename(f))).to.include('components.png');
    fs.writeFileSync(path.join(out, 'my-notes.txt'), 'keep me');
    const before = snapshot(out);
    expectUserError(
      runCli(['factorize', '--input', X, '--rank', '3', '--format', 'csv', '--out', out]),
      /--out .*run is not empty \(7 entries: H\.npy, W\.npy, components\.f32, components\.png, …\); pass --force/,
    );
    expect(snapshot(out)).to.deep.equal(before);
    // --force: the old nmflow outputs go as a whole (no stale components.png or W.npy), the
    // user's own file stays.
    const r = runJson<{ files: string[] }>([
      'factorize',
      '--input',
      X,
      '--rank',
      '3',
      '--format',
      'csv',
      '--out',
      out,
      '--force',
    ]);
    expect(listTree(out)).to.deep.equal([
      'H.csv',
      'W.csv',
      'components.f32',
      'manifest.json',
      'my-notes.txt',
      'report.html',
    ]);
    expect(r.files.map((f) => path.basename(f))).to.not.include('my-notes.txt');
    expect(fs.readFileSync(path.join(out, 'my-notes.txt'), 'utf8')).to.equal('keep me');
    expect(
      listTree(dir).filter((f) => f.startsWith('.tmp-') || f.startsWith('.old-')),
    ).to.deep.equal([]);
  });

  it('--force killed while writing leaves the old set (and a finished run the new set), never a mix', async () => {
    const out = at('atomic');
    runJson(['factorize', '--input', X, '--rank', '2', '--image-shape', '2x4', '--out', out]);
    const old = snapshot(out);
    const args = [
      'factorize',
      '--input',
      X,
      '--rank',
      '3',
      '--format',
      'csv',
      '--out',
      out,
      '--force',
    ];
    // The run pauses once the new set is staged complete, just before the swap; kill it there.
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, NMFLOW_TEST_SWAP_DELAY_MS: '20000' },
      stdio: 'ignore',
    });
    const staged = await new Promise<string>((resolve, reject) => {
      const started = Date.now();
      const poll = setInterval(() => {
        const stage = fs.readdirSync(dir).find((f) => f.startsWith('.tmp-atomic-'));
        if (stage && fs.existsSync(path.join(dir, stage, 'report.html'))) {
          clearInterval(poll);
          resolve(stage);
        } else if (Date.now() - started > 60000) {
          clearInterval(poll);
          reject(new Error('the run never staged its outputs'));
        }
      }, 20);
    });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    expect(listTree(path.join(dir, staged))).to.include.members(['W.csv', 'H.csv', 'report.html']);
    expect(snapshot(out)).to.deep.equal(old);
    fs.rmSync(path.join(dir, staged), { recursive: true });
    // A run that died between the two renames leaves the folder missing and its old set
    // aside; the next run puts the old set back before deciding anything.
    fs.renameSync(out, at('.old-atomic-x1y2z3'));
    expectUserError(
      runCli(['factorize', '--input', X, '--rank', '2', '--out', out]),
      /atomic is not empty/,
    );
    expect(snapshot(out)).to.deep.equal(old);
    // Finished: exactly the new set.
    runJson(args);
    expect(listTree(out)).to.deep.equal([
      'H.csv',
      'W.csv',
      'components.f32',
      'manifest.json',
      'report.html',
    ]);
  });

  it('output names are checked before any work, without internal paths in the message', () => {
    const p = nnlsProblem(dir);
    const r = runCli(['nnls', '--matrix', p.A, '--rhs', p.b, '--out', at('x.xlsx')]);
    expectUserError(
      r,
      /--out: cannot tell the format of .*x\.xlsx from its name; use one of the extensions \.csv, \.tsv, \.npy, \.mtx, \.coo$/,
    );
    expect(r.stderr).not.to.contain('.tmp-');
    expectUserError(
      runCli(['transform', '--model', at('run'), '--input', X, '--out', at('w.json')]),
      /--out: cannot tell the format of .*w\.json/,
    );
    expectUserError(
      runCli(['datasets', 'export', 'swimmer', '--out', at('s.xlsx')]),
      /cannot tell the format of .*s\.xlsx .*docword\.NAME\.txt/,
    );
    expect(listTree(dir).filter((f) => /xlsx|w\.json/.test(f))).to.deep.equal([]);
  });

  it('unknown flags are named with a suggestion', () => {
    expectUserError(
      runCli(['factorize', '--dataset', 'swimmer', '--rnak', '16']),
      /^nmflow: error: unknown argument --rnak, did you mean --rank\?$/,
    );
    expectUserError(
      runCli(['factorize', '--dataset', 'swimmer', '--rank', '2', '--max-itre', '3']),
      /unknown argument --max-itre, did you mean --max-iter\?/,
    );
    expectUserError(
      runCli(['nnls', '--matrix', X, '--rhs', X, '--sovler', 'pgd']),
      /unknown argument --sovler, did you mean --solver\?/,
    );
    expectUserError(
      runCli(['datasets', 'list', '--zzzzzz']),
      /unknown argument --zzzzzz \(see --help\)/,
    );
  });

  it('a closed stdout (| head) ends the command quietly with exit code 0', async () => {
    // 20000 rows of W as CSV on stdout; the reader takes one chunk and closes the pipe.
    const big = at('big.csv');
    runJson([
      'datasets',
      'export',
      'lowrank',
      '--dataset-option',
      'rows=20000',
      'cols=6',
      'rank=2',
      '--out',
      big,
    ]);
    runJson([
      'factorize',
      '--input',
      big,
      '--rank',
      '2',
      '--max-iter',
      '2',
      '--out',
      at('big-model'),
    ]);
    const child = spawn(process.execPath, [
      BIN,
      'transform',
      '--model',
      at('big-model'),
      '--input',
      big,
    ]);
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code, stderr).to.equal(0);
    expect(stderr).not.to.match(/EPIPE|Error/);
  });

  it('datasets export: every format that holds the data, UCI for counts only, vocab beside .mtx', async () => {
    expectUserError(
      runCli(['datasets', 'export', 'sotu', '--limit', '20', '--out', at('docword.sotu.txt')]),
      /sotu holds tf-idf weights \(entry \(row \d+, column \d+\) is [\d.e-]+\), and a UCI docword file holds non-negative integer counts only; .*--dataset-option weighting=count/,
    );
    const counts = runJson<{ files: string[] }>([
      'datasets',
      'export',
      'sotu',
      '--limit',
      '20',
      '--dataset-option',
      'weighting=count',
      '--out',
      at('docword.sotu.txt'),
    ]);
    expect(counts.files.map((f) => path.basename(f))).to.deep.equal([
      'docword.sotu.txt',
      'vocab.sotu.txt',
    ]);
    const mtx = runJson<{ files: string[]; shape: number[] }>([
      'datasets',
      'export',
      'sotu',
      '--limit',
      '20',
      '--out',
      at('sotu.mtx'),
    ]);
    expect(mtx.files.map((f) => path.basename(f))).to.deep.equal(['sotu.mtx', 'vocab.sotu.txt']);
    const vocab = fs.readFileSync(at('vocab.sotu.txt'), 'utf8').trim().split('\n');
    expect(vocab).to.have.length(mtx.shape[1]);
    // Dense and sparse sets in every matrix format (read back with the same shape).
    const exports = [
      ...['csv', 'tsv', 'npy', 'mtx', 'coo'].map((ext) => ['swimmer', ext]),
      ['lowrank', 'mtx'],
      ['nnls-synthetic', 'coo'],
    ];
    for (const [name, ext] of exports) {
      const file = at(`${name}.${ext}`);
      const r = runJson<{ shape: number[] }>(['datasets', 'export', name, '--out', file]);
      const m = await readMatrixFile(file);
      expect(m.shape, `${name}.${ext}`).to.deep.equal(r.shape);
    }
    const lr = runJson<{ shape: number[] }>([
      'datasets',
      'export',
      'lowrank',
      '--dataset-option',
      'rows=30',
      'cols=7',
      'rank=2',
      'noise=0.1',
      '--out',
      at('lr.npy'),
    ]);
    expect(lr.shape).to.deep.equal([30, 7]);
    const ns = runJson<{ shape: number[] }>([
      'datasets',
      'info',
      'nnls-synthetic',
      '--dataset-option',
      'm=40',
      'n=60',
      's=5',
      'matrix=bernoulli',
    ]);
    expect(ns.shape).to.deep.equal([40, 60]);
    expectUserError(
      runCli(['datasets', 'info', 'lowrank', '--dataset-option', 'rws=3']),
      /unknown lowrank data set option "rws"; known options: .*rows/,
    );
    expectUserError(
      runCli(['datasets', 'info', 'lowrank', '--dataset-option', 'rows']),
      /--dataset-option must be KEY=VALUE, got "rows"/,
    );
  });
});
