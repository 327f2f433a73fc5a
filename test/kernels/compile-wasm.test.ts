/** The kernels' module compiled by the Node entry's compiler (host-node.ts). */
import { expect } from 'chai';
import '../../src/host-node';
import { compileWasm } from '../../src/host';

/** (module (func (export "two") (result i32) i32.const 2)) */
const TWO = Uint8Array.from([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 127, 3, 2, 1, 0, 7, 7, 1, 3, 116, 119, 111, 0, 0,
  10, 6, 1, 4, 0, 65, 2, 11,
]);

describe('host: compileWasm in Node', function () {
  it('compiles a module that runs, and again after a module that does not compile', () => {
    const run = () => (new WebAssembly.Instance(compileWasm(TWO)).exports.two as () => number)();
    expect(run()).to.equal(2);
    const broken = TWO.slice(0, TWO.length - 1);
    expect(() => compileWasm(broken)).to.throw(WebAssembly.CompileError);
    expect(run()).to.equal(2);
  });
});
