/**
 * Which package the `tensorflow` backend loads (backend.ts's firstLoading over tfjs-node-gpu,
 * then tfjs-node): the first installed one that loads; a package that is not installed is
 * skipped, one that is installed but broken gives way to a later one that loads, and when none
 * loads the error says why.
 */
import { expect } from 'chai';
import { firstLoading, NATIVE_PACKAGES as NAMES } from '../src/backend';

/** Node's error for a package that is not installed. */
function notFound(name: string): Error {
  return Object.assign(new Error(`Cannot find module '${name}'\nRequire stack:\n- x.js`), {
    code: 'MODULE_NOT_FOUND',
  });
}

/** A load that succeeds for `ok`, throws `broken`'s errors, and finds nothing else. */
function loader(ok: readonly string[], broken: Record<string, Error> = {}) {
  const tried: string[] = [];
  const load = (name: string) => {
    tried.push(name);
    if (broken[name]) throw broken[name];
    if (!ok.includes(name)) throw notFound(name);
  };
  return { load, tried };
}

describe('backend: the native package the tensorflow backend loads', () => {
  it('takes tfjs-node-gpu where both are installed, without trying tfjs-node', () => {
    const { load, tried } = loader(NAMES);
    expect(firstLoading(NAMES, load)).to.equal('@tensorflow/tfjs-node-gpu');
    expect(tried).to.deep.equal(['@tensorflow/tfjs-node-gpu']);
  });

  it('skips a package that is not installed', () => {
    const { load, tried } = loader(['@tensorflow/tfjs-node']);
    expect(firstLoading(NAMES, load)).to.equal('@tensorflow/tfjs-node');
    expect(tried).to.deep.equal(NAMES);
  });

  it('an installed tfjs-node-gpu without its binding gives way to a tfjs-node that loads', () => {
    // What a binding that was never built throws: MODULE_NOT_FOUND, naming a path inside it.
    const unbuilt = Object.assign(
      new Error(
        "Cannot find module '/p/node_modules/@tensorflow/tfjs-node-gpu/lib/napi-v8/tfjs_binding.node'",
      ),
      { code: 'MODULE_NOT_FOUND' },
    );
    const { load } = loader(['@tensorflow/tfjs-node'], { '@tensorflow/tfjs-node-gpu': unbuilt });
    expect(firstLoading(NAMES, load)).to.equal('@tensorflow/tfjs-node');
  });

  it("none loads: the broken package's own error, else tfjs-node not found", () => {
    const broken = new Error('libcudart.so.12: cannot open shared object file');
    const { load } = loader([], { '@tensorflow/tfjs-node-gpu': broken });
    expect(() => firstLoading(NAMES, load)).to.throw(/libcudart/);
    expect(() => firstLoading(NAMES, loader([]).load)).to.throw(
      /Cannot find module '@tensorflow\/tfjs-node'/,
    );
  });
});
