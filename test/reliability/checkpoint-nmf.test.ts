import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'chai';
import { factorize, NmflowError, type NmfOptions, type NmfResult } from '../../src';
import {
  checkpointToDirectory,
  readNmfCheckpoint,
  type NmfCheckpointState,
} from '../../src/nmf/checkpointing';
import { expectNoLeak, gaussian } from '../helpers';

const X = gaussian(20, 12, 5).map((row) => row.map((v) => Math.abs(v) + 0.1));

function factors(r: NmfResult): { W: number[]; H: number[] } {
  const out = { W: Array.from(r.W.dataSync()), H: Array.from(r.H.dataSync()) };
  tf.dispose([r.W, r.H]);
  return out;
}

describe('reliability: NMF checkpoints and resume', function () {
  this.timeout(60000);
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nmflow-nmf-ckpt-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  // mu and anls keep no state beyond float32 W, H and scalars: the resumed run is bit-identical.
  // hals works on float64 copies of the factors, which a float32 checkpoint rounds.
  for (const [solver, tolerance] of [
    ['mu', 0],
    ['anls', 0],
    ['hals', 1e-5],
  ] as const) {
    it(`${solver}: resuming from a checkpoint on disk reaches the uninterrupted result`, async () => {
      const options: NmfOptions = { rank: 3, solver, maxIter: 14, tol: 0, seed: 3, checkEvery: 2 };
      const full = await factorize(X, options);
      const fullHistory = full.history.map((h) => h.iteration);
      const want = factors(full);

      const seen: NmfCheckpointState[] = [];
      const write = checkpointToDirectory(dir);
      const first = await expectNoLeak(
        () =>
          factorize(X, {
            ...options,
            checkpointEvery: 5,
            onCheckpoint: (s) => {
              seen.push(s);
              if (s.iteration <= 6) write(s); // the disk keeps iteration 6
            },
          }),
        (r) => [r.W, r.H],
      );
      expect(factors(first)).to.deep.equal(want); // checkpointing changes nothing
      expect(seen.map((s) => [s.iteration, s.final])).to.deep.equal([
        [6, false],
        [12, false],
        [14, true],
      ]);
      const state = readNmfCheckpoint(dir);
      expect(state.iteration).to.equal(6);
      const resumed = await expectNoLeak(
        () => factorize(X, { ...options, resumeFrom: state }),
        (r) => [r.W, r.H],
      );
      expect(resumed.nIter).to.equal(full.nIter);
      expect(resumed.history.map((h) => h.iteration)).to.deep.equal(fullHistory);
      const got = factors(resumed);
      for (const k of ['W', 'H'] as const) {
        got[k].forEach((v, i) => expect(v).to.be.closeTo(want[k][i], tolerance * (1 + want[k][i])));
      }
    });
  }

  it('an aborted fit hands over a final checkpoint, not converged, that resumes', async () => {
    const options: NmfOptions = { rank: 3, solver: 'mu', maxIter: 60, tol: 0, seed: 4 };
    const want = factors(await factorize(X, options));
    const controller = new AbortController();
    let last: NmfCheckpointState | undefined;
    const partial = await factorize(X, {
      ...options,
      signal: controller.signal,
      onIteration: (info) => {
        if (info.iteration >= 20) controller.abort();
      },
      onCheckpoint: (s) => (last = s),
    });
    expect(partial.converged).to.equal(false);
    expect(partial.nIter).to.equal(20);
    tf.dispose([partial.W, partial.H]);
    expect(last).to.include({ iteration: 20, final: true, converged: false });
    const resumed = await factorize(X, { ...options, resumeFrom: last });
    expect(factors(resumed)).to.deep.equal(want);
  });

  it('rejects a checkpoint that does not match the data or rank, and a non-NMF checkpoint', async () => {
    let state: NmfCheckpointState | undefined;
    const r = await factorize(X, {
      rank: 3,
      solver: 'mu',
      maxIter: 5,
      onCheckpoint: (s) => (state = s),
    });
    tf.dispose([r.W, r.H]);
    let err: unknown;
    try {
      await factorize(X, { rank: 4, solver: 'mu', resumeFrom: state });
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(NmflowError);
    expect((err as Error).message).to.match(
      /option resumeFrom holds W 20 × 3 and H 3 × 12, but this fit needs W 20 × 4 and H 4 × 12/,
    );
    fs.writeFileSync(path.join(dir, 'manifest.json'), '{}');
    expect(() => readNmfCheckpoint(dir)).to.throw(
      NmflowError,
      /manifest\.json is not an nmflow checkpoint/,
    );
  });
});
