/**
 * initBackend with an explicit choice loads that backend alone: the others (the native
 * TensorFlow library: ≈0.5 s and 300 MB resident) load only when `available` is read.
 */
import { expect } from 'chai';
import { spawnSync } from 'child_process';
import * as path from 'path';

/** In a fresh process: initBackend(choice), then what is loaded before and after `available`. */
function probe(choice: string) {
  const src = path.resolve(__dirname, '../src');
  const script = `
    const { initBackend } = require(${JSON.stringify(src)});
    const native = () => Object.keys(require.cache).some((k) => /tfjs-node/.test(k));
    initBackend(${JSON.stringify(choice)}).then((info) => {
      const before = native();
      const names = Object.keys(info.available);
      console.log(JSON.stringify({ name: info.name, before, after: native(), names,
        tensorflow: info.available.tensorflow.ok, own: info.available[${JSON.stringify(choice)}] }));
      process.exit(0);
    });`;
  const env = { ...process.env };
  delete env.NMFLOW_BACKEND;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', env });
  expect(r.status, r.stderr).to.equal(0);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as {
    name: string;
    before: boolean;
    after: boolean;
    names: string[];
    tensorflow: boolean;
    own: { ok: boolean; detail: string };
  };
}

describe('backend: an explicit choice loads that backend alone', () => {
  it('cpu and wasm leave TensorFlow unloaded until `available` is read; it then lists all', () => {
    for (const choice of ['cpu', 'wasm']) {
      const got = probe(choice);
      expect(got.name).to.equal(choice);
      expect(got.before, `${choice}: TensorFlow loaded by initBackend`).to.equal(false);
      expect(got.names).to.have.members(['tensorflow', 'wasm', 'cpu', 'webgpu']);
      expect(got.own).to.deep.equal({ ok: true, detail: 'loaded' });
      // Reading it loaded TensorFlow where that loads (set up by `npm run setup:native`).
      if (got.tensorflow) expect(got.after).to.equal(true);
    }
  });
});
