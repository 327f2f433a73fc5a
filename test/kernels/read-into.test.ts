/**
 * readInto: a tensor's values into a kept array, as dataSync gives them, no tensor left; valuesOf:
 * the values themselves, without a copy on wasm; tensorOf: a tensor that keeps a view's values
 * once the view's memory is overwritten.
 */
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'chai';
import { filledTensor, readInto, tensorOf, valuesOf } from '../../src/kernels/read-into';

describe('kernels: readInto', () => {
  it("copies a float32 tensor's values (also a computed one) into the array, bit for bit", () => {
    const before = tf.memory().numTensors;
    const a = tf.tensor2d([1.5, -2, 3e-30, 7, 0, 11], [2, 3]);
    const b = tf.tidy(() => tf.matMul(a, a, false, true)); // made by a kernel
    for (const t of [a, b]) {
      const out = new Float32Array(t.size).fill(NaN);
      expect(readInto(t, out)).to.equal(out);
      expect(
        Buffer.from(out.buffer).equals(Buffer.from((t.dataSync() as Float32Array).buffer)),
      ).to.equal(true);
      const wide = new Float64Array(t.size);
      expect(Array.from(readInto(t, wide))).to.deep.equal(Array.from(t.dataSync()));
    }
    tf.dispose([a, b]);
    expect(tf.memory().numTensors).to.equal(before);
  });

  it('refuses an array of another length and a tensor of another dtype, naming them', () => {
    const t = tf.tensor1d([1, 2, 3]);
    const i = tf.tensor1d([1, 2, 3], 'int32');
    expect(() => readInto(t, new Float32Array(2))).to.throw(/2 values, got float32 \[3\]/);
    expect(() => readInto(i, new Float32Array(3))).to.throw(/got int32 \[3\]/);
    tf.dispose([t, i]);
  });

  it("valuesOf gives a float32 tensor's values as dataSync does, without a copy on wasm", () => {
    const before = tf.memory().numTensors;
    const a = tf.tensor2d([1.5, -2, 3e-30, 7, 0, 11], [2, 3]);
    const b = tf.tidy(() => tf.matMul(a, a, false, true));
    for (const t of [a, b]) {
      const v = valuesOf(t);
      expect(Buffer.from(v.buffer, v.byteOffset, v.byteLength)).to.deep.equal(
        Buffer.from((t.dataSync() as Float32Array).buffer),
      );
      // On wasm a view of the backend's memory (its buffer holds far more than the tensor).
      if (tf.getBackend() === 'wasm') expect(v.buffer.byteLength).to.be.above(v.byteLength);
    }
    const i = tf.tensor1d([1, 2, 3], 'int32');
    expect(() => valuesOf(i)).to.throw(/float32 tensor, got int32/);
    tf.dispose([a, b, i]);
    expect(tf.memory().numTensors).to.equal(before);
  });

  it('tensorOf keeps the values of a view whose memory is then overwritten (on any backend)', () => {
    const before = tf.memory().numTensors;
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
    const view = new Float32Array(memory.buffer, 64, 6);
    view.set([1.5, -2, 3e-30, 7, 0, 11]);
    const want = Array.from(view);
    const t = tensorOf(view, [2, 3]);
    view.fill(NaN);
    expect(t.shape).to.deep.equal([2, 3]);
    expect(Array.from(t.dataSync())).to.deep.equal(want);
    t.dispose();
    expect(tf.memory().numTensors).to.equal(before);
  });

  it('filledTensor makes a tensor of what fill writes, in the backend where the tensor lies', () => {
    const before = tf.memory().numTensors;
    let given: Float32Array | undefined;
    const t = filledTensor([2, 3], (values) => {
      expect(values.length).to.equal(6);
      values.set([1.5, -2, 3e-30, 7, 0, 11]);
      given = values;
    });
    expect(t.shape).to.deep.equal([2, 3]);
    expect(t.dtype).to.equal('float32');
    expect(Array.from(t.dataSync())).to.deep.equal(
      Array.from(new Float32Array([1.5, -2, 3e-30, 7, 0, 11])),
    );
    // On wasm, fill wrote into the backend's heap: the tensor's values are that array's.
    if (tf.getBackend() === 'wasm') expect(valuesOf(t).byteOffset).to.equal(given!.byteOffset);
    const sum = tf.tidy(() => tf.sum(t).dataSync()[0]); // usable by kernels like any tensor
    expect(sum).to.be.closeTo(17.5, 1e-6);
    t.dispose();
    expect(tf.memory().numTensors).to.equal(before);
    // A fill that throws leaves no tensor behind.
    expect(() =>
      filledTensor([2, 2], () => {
        throw new Error('fill failed');
      }),
    ).to.throw('fill failed');
    expect(tf.memory().numTensors).to.equal(before);
  });
});
