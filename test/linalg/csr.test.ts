/** checkCsr: typed arrays are taken as given (no copy of a large matrix's indices). */
import { expect } from 'chai';
import { checkCsr } from '../../src/linalg/csr';

describe('linalg: checkCsr', () => {
  it('keeps Int32Array indices and Float32Array values as given, converts other forms', () => {
    const indptr = Int32Array.from([0, 2, 3]);
    const indices = Int32Array.from([0, 2, 1]);
    const values = Float32Array.from([1, 2, 3]);
    const csr = checkCsr({ indptr, indices, values, shape: [2, 3] }, 'X');
    expect(csr.indptr).to.equal(indptr);
    expect(csr.indices).to.equal(indices);
    expect(csr.values).to.equal(values);
    const plain = checkCsr(
      { indptr: [0, 2, 3], indices: [0, 2, 1], values: [1, 2, 3], shape: [2, 3] },
      'X',
    );
    expect(plain.indptr).to.be.instanceOf(Int32Array);
    expect(Array.from(plain.indices)).to.deep.equal([0, 2, 1]);
    expect(plain.values).to.be.instanceOf(Float32Array);
  });

  it('still names the entry at fault', () => {
    const bad = {
      indptr: Int32Array.from([0, 1]),
      indices: Int32Array.from([5]),
      values: [1],
      shape: [1, 3] as [number, number],
    };
    expect(() => checkCsr(bad, 'X')).to.throw(/X\.indices\[0\] = 5 is outside \[0, 3\)/);
  });
});
