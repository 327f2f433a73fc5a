/**
 * The host-memory kernels of the fused NNLS iterations: read the inputs' data from the backend
 * (a view of the heap on `wasm`, the stored array on `cpu`, a copy from TensorFlow's tensor on
 * `tensorflow`), run the loops of nnls-math.ts, and hand the outputs back to the backend.
 */
import type { KernelBackend, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import {
  apgStep,
  bbStep,
  fixedStep,
  mirrorStep,
  nesterovStep,
  overparamLoss,
  type GramInputs,
} from './nnls-math';
import type { BbAttrs, DepthAttrs, EtaAttrs, NesterovAttrs, OverparamAttrs } from './nnls-names';

interface HostBackend {
  typedArrayFromHeap?(info: TensorInfo): Float32Array;
  readSync(dataId: object): unknown;
}

/**
 * Copies read from a backend without heap views (`tensorflow`), per data id. Tensors are
 * immutable, so G and C (read every iteration) are copied once.
 */
const constants = new WeakMap<object, Float32Array>();

function read(backend: KernelBackend, info: TensorInfo, constant = false): Float32Array {
  const b = backend as unknown as HostBackend;
  if (typeof b.typedArrayFromHeap === 'function') return b.typedArrayFromHeap(info);
  if (constant) {
    const cached = constants.get(info.dataId);
    if (cached) return cached;
  }
  const values = b.readSync(info.dataId) as Float32Array;
  if (constant) constants.set(info.dataId, values);
  return values;
}

function write(backend: KernelBackend, values: Float32Array, shape: number[]): TensorInfo {
  return { dataId: backend.write(values, shape, 'float32'), shape, dtype: 'float32' };
}

type Inputs = Record<string, TensorInfo | undefined>;

/**
 * A host kernel: `compute` gets the Gram inputs and a reader for the others, returns the
 * outputs' values, each `n × r` or `rows × r` (`rows` from its length).
 */
function hostKernel(
  scalarOut: boolean,
  compute: (
    gram: GramInputs,
    get: (name: string) => Float32Array | undefined,
    attrs: NamedAttrMap,
  ) => Float32Array[],
): KernelFunc {
  return ({ inputs, backend: anyBackend, attrs = {} }) => {
    const backend = anyBackend as KernelBackend;
    const ins = inputs as Inputs;
    const [n, r] = ins.C!.shape;
    const gram = { G: read(backend, ins.G!, true), C: read(backend, ins.C!, true), n, r };
    const get = (name: string) => (ins[name] ? read(backend, ins[name]!) : undefined);
    // Compute everything before writing: a write may grow the wasm heap and detach the views.
    const outs = compute(gram, get, attrs);
    // A length-1 output of a loss is a scalar; the rest are `rows × r`.
    return outs.map((values) =>
      write(
        backend,
        values,
        outs.length === 1 && values.length === 1 && scalarOut ? [] : [values.length / r, r],
      ),
    );
  };
}

export const hostNesterov = hostKernel(false, (gram, get, attrs) => {
  const a = attrs as unknown as NesterovAttrs;
  return nesterovStep(gram, get('u')!, get('uPrev')!, get('since')!, a.depth, a.rate, a.lipschitz);
});

export const hostOverparam = hostKernel(false, (gram, get, attrs) => {
  const a = attrs as unknown as OverparamAttrs;
  return fixedStep(gram, get('u')!, get('gx')!, a.depth, a.eta);
});

export const hostBb = hostKernel(false, (gram, get, attrs) => {
  const a = attrs as unknown as BbAttrs;
  const state = {
    eta: get('eta')!,
    level: get('level')!,
    recent: get('recent')!,
    uPrev: get('uPrev'),
    dirPrev: get('dirPrev'),
  };
  return bbStep(gram, get('u')!, get('x')!, get('gx')!, state, a.depth, a.eta0, a.armijoC);
});

export const hostMirror = hostKernel(false, (gram, get, attrs) =>
  mirrorStep(gram, get('x')!, get('z')!, get('since')!, (attrs as unknown as EtaAttrs).eta),
);

export const hostApg = hostKernel(false, (gram, get, attrs) =>
  apgStep(gram, get('x')!, get('y')!, get('t')!, (attrs as unknown as EtaAttrs).eta),
);

export const hostLoss = hostKernel(true, (gram, get, attrs) => [
  Float32Array.of(overparamLoss(gram, get('u')!, (attrs as unknown as DepthAttrs).depth)[0]),
]);

export const hostGradient = hostKernel(false, (gram, get, attrs) => [
  overparamLoss(gram, get('u')!, (attrs as unknown as DepthAttrs).depth)[1],
]);
