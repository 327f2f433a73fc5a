/**
 * The fused NNLS iterations as composite kernels: each calls other kernels of the same backend
 * directly (as tfjs's own backends compose kernels), so one fused iteration is one kernel for
 * tfjs's engine (one entry in `tf.profile`) and each piece is one dispatch of the backend,
 * with no engine bookkeeping between them. For backends whose data does not live in host
 * memory (`webgl`, `webgpu`, `tensorflow` on a GPU). The math equals nnls-math.ts.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { KernelBackend, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';

type Inputs = Record<string, TensorInfo> | TensorInfo[];

/** A scope for one composite kernel: runs kernels, frees every intermediate at the end. */
export class Composer {
  private readonly temps: TensorInfo[] = [];

  constructor(
    private readonly backend: KernelBackend,
    private readonly backendName: string,
  ) {}

  /** Runs the backend's kernel `name` (no engine dispatch); the result is freed by `finish`. */
  op(name: string, inputs: Inputs, attrs: NamedAttrMap = {}): TensorInfo {
    const kernel = tf.getKernel(name, this.backendName);
    if (!kernel) throw new Error(`nmflow: backend ${this.backendName} has no kernel ${name}`);
    const out = kernel.kernelFunc({
      inputs: inputs as unknown as tf.NamedTensorInfoMap,
      attrs,
      backend: this.backend,
    }) as TensorInfo;
    this.temps.push(out);
    return out;
  }

  /**
   * A constant of the given shape (default a scalar) filled with `value`: a tensor (made by the
   * engine, not a kernel), since some backends' kernels (tfjs-node's Pow) need tensors.
   */
  fill(value: number, shape: number[] = []): TensorInfo {
    const size = shape.reduce((a, b) => a * b, 1);
    const dataId = this.backend.write(new Float32Array(size).fill(value), shape, 'float32');
    const tensor = tf
      .engine()
      .makeTensorFromTensorInfo({ dataId, shape, dtype: 'float32' }, this.backend);
    this.temps.push(tensor);
    return tensor;
  }

  add = (a: TensorInfo, b: TensorInfo) => this.op('Add', { a, b });
  sub = (a: TensorInfo, b: TensorInfo) => this.op('Sub', { a, b });
  mul = (a: TensorInfo, b: TensorInfo) => this.op(tf.Multiply, { a, b });
  div = (a: TensorInfo, b: TensorInfo) => this.op('RealDiv', { a, b });
  maximum = (a: TensorInfo, b: TensorInfo) => this.op('Maximum', { a, b });
  greater = (a: TensorInfo, b: TensorInfo) => this.op('Greater', { a, b });
  select = (condition: TensorInfo, t: TensorInfo, e: TensorInfo) =>
    this.op('Select', { condition, t, e });
  /** a·c for a number c. */
  scale = (a: TensorInfo, c: number) => (c === 1 ? a : this.mul(a, this.fill(c)));
  /** x^p for an integer or real p (Square for 2, x itself for 1, ones for 0). */
  pow(x: TensorInfo, p: number): TensorInfo {
    if (p === 1) return x;
    if (p === 2) return this.op('Square', { x });
    if (p === 0) return this.fill(1, x.shape);
    return this.op('Pow', { a: x, b: this.fill(p) });
  }
  /** Column reductions (`1 × r`). */
  colSum = (x: TensorInfo) => this.op('Sum', { x }, { axis: [0], keepDims: true });
  colMax = (x: TensorInfo) => this.op('Max', { x }, { reductionIndices: [0], keepDims: true });
  colMin = (x: TensorInfo) => this.op('Min', { x }, { axis: [0], keepDims: true });
  matMul = (a: TensorInfo, b: TensorInfo) =>
    this.op('BatchMatMul', { a, b }, { transposeA: false, transposeB: false });
  /** A `1 × r` condition repeated over `rows` rows. */
  rows = (cond: TensorInfo, rows: number) =>
    rows === 1 ? cond : this.op('Tile', { x: cond }, { reps: [rows, 1] });

  /** Frees every intermediate except `outputs`, and returns them. */
  finish(outputs: TensorInfo[]): TensorInfo[] {
    const keep = new Set(outputs.map((o) => o.dataId));
    for (const t of this.temps) {
      if (keep.has(t.dataId)) continue;
      const tensor = t as Partial<tf.Tensor>;
      if (tensor.rank !== undefined && typeof tensor.dispose === 'function') tensor.dispose();
      else this.backend.disposeData(t.dataId);
    }
    return outputs;
  }
}
