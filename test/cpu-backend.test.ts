/**
 * The library prints nothing: importing nmflow and calling it (nnls, factorize, on the
 * default backend and after `initBackend()`) leaves stdout and stderr empty, from CommonJS
 * and from the ES-module entry. Run in a child process on the built files, so the check sees
 * the first tensor write (where tfjs's cpu backend prints its "install tfjs-node" banner).
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { quietCpuBackend } from '../src/cpu-backend';

const DIST = join(__dirname, '..', 'src');
const ESM = join(__dirname, '..', 'esm', 'index.mjs');

const BODY = `
  const X = [[1, 2, 0, 3], [2, 4, 0, 6], [0, 1, 5, 1], [1, 3, 5, 4], [2, 0, 1, 1]];
  const a = await nmflow.nnls([[1, 0], [0, 1], [1, 1]], [1, 2, 3], { tol: 1e-6 });
  a.x.dispose();
  const f = await nmflow.factorize(X, { rank: 2, maxIter: 3, tol: 1e-12, seed: 1 });
  f.W.dispose(); f.H.dispose();
  if (process.env.INIT === '1') {
    await nmflow.initBackend();
    const g = await nmflow.factorize(X, { rank: 2, solver: 'hals', maxIter: 20, seed: 1 });
    g.W.dispose(); g.H.dispose();
    const n = await nmflow.nnls([[1, 0], [0, 1], [1, 1]], [1, 2, 3], { solver: 'active-set' });
    n.x.dispose();
  }
  if (f.warnings.length === 0) throw new Error('expected the maxIter warning in f.warnings');
`;

function run(
  kind: 'cjs' | 'esm',
  init: boolean,
): { status: number | null; out: string; err: string } {
  const code =
    kind === 'cjs'
      ? `const nmflow = require(${JSON.stringify(join(DIST, 'index.js'))});\n(async () => {${BODY}})().catch((e) => { process.exitCode = 3; require('fs').writeSync(3, String(e.stack)); });`
      : `const nmflow = await import(${JSON.stringify('file://' + ESM)});\ntry {${BODY}} catch (e) { process.exitCode = 3; (await import('node:fs')).writeSync(3, String(e.stack)); }`;
  const env: NodeJS.ProcessEnv = { ...process.env, INIT: init ? '1' : '0' };
  delete env.NODE_OPTIONS;
  const r = spawnSync(
    process.execPath,
    kind === 'cjs' ? ['-e', code] : ['--input-type=module', '-e', code],
    { encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'pipe', 'pipe'], timeout: 120000 },
  );
  const failure = (r.output?.[3] as string | null) ?? '';
  return { status: r.status, out: r.stdout, err: r.stderr + failure };
}

describe('a quiet library', function () {
  this.timeout(180000);

  for (const kind of ['cjs', 'esm'] as const) {
    for (const init of [false, true]) {
      it(`${kind}: import, nnls and factorize${init ? ' after initBackend()' : ' on the default backend'} print nothing`, () => {
        const r = run(kind, init);
        expect(r.err, 'stderr').to.equal('');
        expect(r.out, 'stdout').to.equal('');
        expect(r.status).to.equal(0);
      });
    }
  }

  it('the cpu backend is created with its banner switched off, and only that', () => {
    expect(quietCpuBackend()).to.equal(true); // idempotent: already wrapped at import
    const entry = (
      tf.engine() as unknown as {
        registryFactory: Record<string, { factory: () => unknown; priority: number }>;
      }
    ).registryFactory.cpu;
    const backend = entry.factory() as tf.KernelBackend & { firstUse: boolean };
    try {
      expect(backend.firstUse).to.equal(false);
      expect(backend.constructor.name).to.equal('MathBackendCPU');
      expect(entry.priority).to.equal(1);
    } finally {
      backend.dispose();
    }
  });
});
