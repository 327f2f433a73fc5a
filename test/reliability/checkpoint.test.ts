import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'chai';
import { NmflowError, Rng } from '../../src';
import {
  checkpointTestHooks,
  crc32,
  readCheckpoint,
  writeCheckpoint,
  type CheckpointState,
} from '../../src/checkpoint';
import { expectNoLeak } from '../helpers';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'nmflow-ckpt-'));
}

/** A state whose factors are filled with `iteration`, so a reader can tell generations apart. */
function stateAt(iteration: number, rng = new Rng(7)): CheckpointState {
  return {
    iteration,
    options: { rank: 3, solver: 'mu', seed: 7 },
    rngState: rng.getState(),
    history: [{ iteration, loss: 1 / (iteration + 1) }],
    factors: {
      W: { data: new Float32Array(12).fill(iteration), shape: [4, 3] },
      H: { data: new Float32Array(15).fill(iteration), shape: [3, 5] },
    },
    meta: { converged: false },
  };
}

function expectInputError(fn: () => unknown, pattern: RegExp): void {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err, 'expected an NmflowError').to.be.instanceOf(NmflowError);
  expect((err as NmflowError).kind).to.equal('input');
  expect((err as Error).message).to.match(pattern);
}

describe('reliability: checkpoints', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => {
    checkpointTestHooks.beforeStep = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('computes the standard CRC-32', () => {
    expect(crc32(Buffer.from('123456789'))).to.equal(0xcbf43926);
  });

  it('round-trips factors, tensors, options, RNG state and history', async () => {
    const rng = new Rng(42);
    rng.normal(); // leaves a cached normal: the state's fifth word is a number
    const W = tf.tensor2d([1.5, -0, 3e-30, 7e30, 0, 2], [3, 2]);
    const H = new Float32Array([0.25, 1e-45, 3, 4]);
    const state: CheckpointState = {
      iteration: 120,
      options: { rank: 2, solver: 'overparam', tol: 1e-4, nested: { a: [1, 2] } },
      rngState: rng.getState(),
      history: [{ iteration: 100, loss: 0.5 }],
      factors: { W, H: { data: H, shape: [2, 2] } },
      startedAt: '2026-01-01T00:00:00.000Z',
      meta: { stopReason: 'interrupted' },
    };
    await expectNoLeak(() => writeCheckpoint(dir, state));
    const back = readCheckpoint(dir);
    expect(back.iteration).to.equal(120);
    expect(back.generation).to.equal(1);
    expect(back.options).to.deep.equal(state.options);
    expect(back.history).to.deep.equal(state.history);
    expect(back.meta).to.deep.equal(state.meta);
    expect(back.startedAt).to.equal(state.startedAt);
    expect(Date.parse(back.writtenAt)).to.be.closeTo(Date.now(), 60000);
    expect(back.factors.W.shape).to.deep.equal([3, 2]);
    expect(Array.from(back.factors.W.data)).to.deep.equal(Array.from(W.dataSync()));
    expect(Array.from(back.factors.H.data)).to.deep.equal(Array.from(H));
    const restored = new Rng(0);
    restored.setState(back.rngState!);
    expect([restored.normal(), restored.uniform()]).to.deep.equal([rng.normal(), rng.uniform()]);
    W.dispose();
    // A state without a cached normal stores NaN as null and reads it back as NaN.
    writeCheckpoint(dir, stateAt(3, new Rng(1)));
    expect(Number.isNaN(readCheckpoint(dir).rngState![4])).to.equal(true);
    expect(fs.readdirSync(dir).sort()).to.deep.equal(['H.2.f32', 'W.2.f32', 'manifest.json']);
  });

  it('detects a truncated factor file and names it', () => {
    writeCheckpoint(dir, stateAt(5));
    const file = path.join(dir, 'W.1.f32');
    fs.truncateSync(file, 20);
    expectInputError(
      () => readCheckpoint(dir),
      new RegExp(`checkpoint ${file} is truncated: 20 bytes, expected 48 for shape \\[4, 3\\]`),
    );
  });

  it('detects a corrupted byte, a missing file, a broken manifest and a newer version', () => {
    writeCheckpoint(dir, stateAt(5));
    const h = path.join(dir, 'H.1.f32');
    const manifest = path.join(dir, 'manifest.json');
    const bytes = fs.readFileSync(h);
    bytes[7] ^= 0x10;
    fs.writeFileSync(h, bytes);
    expectInputError(() => readCheckpoint(dir), /H\.1\.f32 is corrupt: its CRC-32 does not match/);
    fs.rmSync(h);
    expectInputError(() => readCheckpoint(dir), /H\.1\.f32 is missing \(factor "H"\)/);
    const text = fs.readFileSync(manifest, 'utf8');
    fs.writeFileSync(manifest, text.slice(0, text.length / 2));
    expectInputError(() => readCheckpoint(dir), /manifest\.json is not valid JSON/);
    fs.writeFileSync(manifest, text.replace('"version": 1', '"version": 9'));
    expectInputError(() => readCheckpoint(dir), /format version 9.*newer nmflow/);
    fs.writeFileSync(manifest, text.replace('"W.1.f32"', '"../../etc/passwd"'));
    expectInputError(() => readCheckpoint(dir), /names an invalid file for factor "W"/);
    fs.rmSync(manifest);
    expectInputError(() => readCheckpoint(dir), /no checkpoint in .*: manifest\.json not found/);
  });

  it('leaves the previous checkpoint readable when a write crashes at any step', () => {
    for (const crashAt of ['factor:W', 'factor:H', 'manifest', 'cleanup']) {
      fs.rmSync(dir, { recursive: true, force: true });
      writeCheckpoint(dir, stateAt(10));
      checkpointTestHooks.beforeStep = (step) => {
        if (step === crashAt) throw new Error(`simulated crash before ${step}`);
      };
      expect(() => writeCheckpoint(dir, stateAt(20))).to.throw(/simulated crash/);
      checkpointTestHooks.beforeStep = undefined;
      const back = readCheckpoint(dir);
      // Before the manifest is replaced the old checkpoint is intact; after, the new one is.
      const expected = crashAt === 'cleanup' ? 20 : 10;
      expect(back.iteration, crashAt).to.equal(expected);
      expect(back.factors.W.data.every((v) => v === expected)).to.equal(true);
      expect(back.factors.H.data.every((v) => v === expected)).to.equal(true);
      // The next write succeeds and removes the leftovers of the crashed one.
      writeCheckpoint(dir, stateAt(30));
      expect(readCheckpoint(dir).iteration).to.equal(30);
      expect(fs.readdirSync(dir)).to.have.length(3);
    }
  });

  it('survives SIGKILL of a writer at random moments', async function () {
    this.timeout(30000);
    const modulePath = path.resolve(__dirname, '../../src/checkpoint.js');
    // The child rewrites a 2 × 2.4 MB checkpoint in a loop, stamping each with its iteration.
    const script = `
      const { writeCheckpoint } = require(${JSON.stringify(modulePath)});
      const dir = process.argv[1];
      for (let it = 1; ; it++) {
        const f = (n) => ({ data: new Float32Array(n).fill(it), shape: [n] });
        writeCheckpoint(dir, { iteration: it, options: {}, history: [], factors: { W: f(600000), H: f(600001) } });
        if (it === 1) process.stdout.write('ready\\n');
      }`;
    const rng = new Rng(2026);
    for (let round = 0; round < 4; round++) {
      const child = spawn(process.execPath, ['-e', script, dir], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
      await new Promise((resolve) => setTimeout(resolve, 5 + rng.int(150)));
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      expect(await exited).to.equal(null);
      const back = readCheckpoint(dir);
      expect(back.iteration).to.be.at.least(1);
      for (const f of Object.values(back.factors)) {
        expect(f.data.every((v) => v === back.iteration)).to.equal(true);
      }
    }
  });
});
