/**
 * Long runs of `nmflow factorize` survive interruption: SIGKILL at a random iteration leaves a
 * valid checkpoint that `--resume` continues to the uninterrupted result, and SIGINT writes a
 * final checkpoint and the partial model (not converged) and exits with 130. No file in the
 * output folders is ever truncated or corrupt.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { expect } from 'chai';
import { Rng } from '../../src';
import { readCheckpoint } from '../../src/checkpoint';
import { readMatrixFile } from '../../src/io';
import type { DenseMatrix } from '../../src/datasets/types';
import { BIN, runCli, tempDir } from '../cli/run';

/** `nmflow factorize` on `X.csv` for many cheap iterations (mu, no early stop). */
const FIT = [
  'factorize',
  '--input',
  'X.csv',
  '--rank',
  '5',
  '--solver',
  'mu',
  '--max-iter',
  '2000',
  '--tol',
  '0',
  '--format',
  'csv',
  '--quiet',
  '--seed',
  '3',
];

/** Starts the CLI; resolves with its exit code and signal once it ends. */
function start(args: string[], cwd: string) {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (b) => (stderr += b));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>(
    (resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stderr })),
  );
  return { child, done };
}

/** Polls the checkpoint in `dir` until its iteration reaches `target` (or the run ended). */
async function waitForIteration(dir: string, target: number, ended: () => boolean): Promise<void> {
  for (;;) {
    if (ended()) throw new Error('the run ended before reaching the target iteration');
    try {
      if (readCheckpoint(dir).iteration >= target) return;
    } catch {
      // not written yet
    }
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Every file in `dir` is either a temporary file or readable: the checkpoint, or the model. */
function expectNothingCorrupt(dir: string): void {
  if (!fs.existsSync(dir)) return;
  const names = fs.readdirSync(dir).filter((n) => !n.startsWith('.tmp-'));
  if (
    names.includes('manifest.json') &&
    names.some((n) => n.endsWith('.f32') && /\.\d+\.f32$/.test(n))
  ) {
    readCheckpoint(dir); // validates every file it references (sizes, CRC-32)
  }
}

async function readW(file: string): Promise<number[]> {
  return Array.from(((await readMatrixFile(file)) as DenseMatrix).data);
}

describe('reliability: interrupting nmflow factorize', function () {
  this.timeout(120000);
  let dir: string;
  let cleanup: () => void;
  let reference: number[];
  before(async () => {
    ({ dir, cleanup } = tempDir());
    const rng = new Rng(9);
    const rows = Array.from({ length: 120 }, () =>
      Array.from({ length: 80 }, () => (Math.abs(rng.normal()) + 0.05).toFixed(4)).join(','),
    );
    fs.writeFileSync(path.join(dir, 'X.csv'), rows.join('\n') + '\n');
    const full = runCli([...FIT, '--out', 'full'], dir);
    expect(full.code, full.stderr).to.equal(0);
    reference = await readW(path.join(dir, 'full', 'W.csv'));
  });
  after(() => cleanup());

  it('SIGKILL at a random iteration, then --resume, reaches the uninterrupted result', async () => {
    const target = 20 + new Rng(2026).int(400);
    const run = start(
      [...FIT, '--checkpoint', 'ck', '--checkpoint-every', '10', '--out', 'killed'],
      dir,
    );
    let ended = false;
    void run.done.then(() => (ended = true));
    await waitForIteration(path.join(dir, 'ck'), target, () => ended);
    run.child.kill('SIGKILL');
    expect((await run.done).signal).to.equal('SIGKILL');
    const saved = readCheckpoint(path.join(dir, 'ck'));
    expect(saved.iteration).to.be.at.least(target);
    expect(saved.iteration).to.be.below(2000);
    expectNothingCorrupt(path.join(dir, 'ck'));
    expect(fs.existsSync(path.join(dir, 'killed')), 'no partial output folder').to.equal(false);
    const resumed = runCli(
      [...FIT, '--resume', 'ck', '--checkpoint', 'ck', '--out', 'resumed'],
      dir,
    );
    expect(resumed.code, resumed.stderr).to.equal(0);
    expect(await readW(path.join(dir, 'resumed', 'W.csv'))).to.deep.equal(reference);
    expect(readCheckpoint(path.join(dir, 'ck')).meta).to.include({ final: true });
  });

  it('SIGTERM does the same and exits 143', async () => {
    const run = start([...FIT, '--checkpoint', 'ck3', '--out', 'term'], dir);
    let ended = false;
    void run.done.then(() => (ended = true));
    await waitForIteration(path.join(dir, 'ck3'), 20, () => ended);
    run.child.kill('SIGTERM');
    const { code, stderr } = await run.done;
    expect(code, stderr).to.equal(143);
    expect(stderr).to.match(/interrupted by SIGTERM at iteration \d+/);
    expect(readCheckpoint(path.join(dir, 'ck3')).meta).to.include({
      final: true,
      converged: false,
    });
    expectNothingCorrupt(path.join(dir, 'ck3'));
  });

  it('SIGINT writes a final checkpoint and the partial model, not converged, and exits 130', async () => {
    const run = start(
      [...FIT, '--checkpoint', 'ck2', '--checkpoint-every', '10', '--out', 'int'],
      dir,
    );
    let ended = false;
    void run.done.then(() => (ended = true));
    await waitForIteration(path.join(dir, 'ck2'), 50, () => ended);
    run.child.kill('SIGINT');
    const { code, stderr } = await run.done;
    expect(code, stderr).to.equal(130);
    expect(stderr).to.match(
      /^nmflow: error: interrupted by SIGINT at iteration (\d+): wrote the partial model \(not converged\) to .*int and a checkpoint to ck2; continue with --resume ck2\n$/,
    );
    const iteration = Number(/iteration (\d+)/.exec(stderr)![1]);
    const ck = readCheckpoint(path.join(dir, 'ck2'));
    expect(ck.iteration).to.equal(iteration);
    expect(ck.meta).to.include({ final: true, converged: false });
    expectNothingCorrupt(path.join(dir, 'ck2'));
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'int', 'manifest.json'), 'utf8'));
    expect(JSON.stringify(manifest)).to.match(/"converged":\s*false/);
    expect(await readW(path.join(dir, 'int', 'W.csv'))).to.have.length(120 * 5);
    const resumed = runCli([...FIT, '--resume', 'ck2', '--out', 'resumed2'], dir);
    expect(resumed.code, resumed.stderr).to.equal(0);
    expect(await readW(path.join(dir, 'resumed2', 'W.csv'))).to.deep.equal(reference);
  });
});
