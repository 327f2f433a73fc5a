/**
 * Each iteration of the default `anls` fit and of `hals` runs through tfjs's engine: the kernels
 * `tf.profile` sees grow with the iterations, by nmflow's own kernels, and nothing is left.
 */
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'chai';
import { factorize, type NmfSolver } from '../../src';
import { nonNegative } from './kernel-fixtures';
import { HOST_BACKENDS } from '../../src/kernels/register';

const rows = 80;
const cols = 30;
const X = { data: nonNegative(rows, cols, 21), shape: [rows, cols] as [number, number] };
const Xsparse = { data: nonNegative(rows, cols, 22, 0.1), shape: [rows, cols] as [number, number] };

async function profiled(data: typeof X, solver: NmfSolver, maxIter: number) {
  const before = tf.memory().numTensors;
  const info = await tf.profile(async () => {
    const r = await factorize(data, { rank: 4, solver, maxIter, tol: 0, seed: 1 });
    tf.dispose([r.W, r.H]);
    return [] as tf.Tensor[];
  });
  expect(tf.memory().numTensors, 'tensors left').to.equal(before);
  const counts = new Map<string, number>();
  for (const k of info.kernels) counts.set(k.name, (counts.get(k.name) ?? 0) + 1);
  return { total: info.kernels.length, counts };
}

const expected: Record<string, string[]> = {
  anls: ['TimesTransposed', 'TransposedTimes', 'NmflowOverparamHalfStep'],
  hals: ['TimesTransposed', 'TransposedTimes', 'NmflowHalsSweep'],
};

/**
 * The products' kernel names: a sparse-form X goes through the CSR ops; a dense X too where
 * the host kernels run (its operand is then only a key to X's resident copy, CSR tensors with
 * no entries, src/nmf/data.ts), else through the dense ops.
 */
const densePrefix = () => (HOST_BACKENDS.includes(tf.getBackend()) ? 'NmflowCsr' : 'Nmflow');

describe('kernels: factorize through the engine', () => {
  for (const solver of ['anls', 'hals'] as NmfSolver[]) {
    for (const [form, data, prefixOf] of [
      ['dense', X, densePrefix],
      ['sparse-form', Xsparse, () => 'NmflowCsr'],
    ] as const) {
      it(`${solver} (${form} X): 4 iterations run more kernels than 2, each of nmflow's kernels once per iteration and half-step`, async () => {
        const two = await profiled(data, solver, 2);
        const four = await profiled(data, solver, 4);
        expect(four.total).to.be.above(two.total);
        for (const part of expected[solver]) {
          const name = part.startsWith('Nmflow') ? part : `${prefixOf()}${part}`;
          const perIteration = part.startsWith('Nmflow') ? 2 : 1;
          expect(two.counts.get(name), `${name} in 2 iterations`).to.equal(2 * perIteration);
          expect(four.counts.get(name), `${name} in 4 iterations`).to.equal(4 * perIteration);
        }
      });
    }
  }
});
