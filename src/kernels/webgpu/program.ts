/**
 * What nmflow's WGSL programs share: the fields of tfjs-backend-webgpu's WebGPUProgram
 * interface for a flat dispatch of WORKGROUP-thread workgroups, uniforms declared as i32s then
 * f32s, and running a program on the active backend.
 */
import * as tf from '@tensorflow/tfjs-core';

/** Threads per workgroup (the reductions of half-step-webgpu.ts assume a power of two). */
export const WORKGROUP = 64;

/** The part of tfjs-backend-webgpu's backend that runs a program. */
interface WebGpuBackend {
  runWebGPUProgram(
    program: object,
    inputs: tf.TensorInfo[],
    dtype: tf.DataType,
    uniforms: { type: string; data: number[] }[],
  ): tf.TensorInfo;
}

/** Whether a kernel's backend runs WebGPU programs (tfjs-backend-webgpu's). */
export const runsWebGpuPrograms = (backend: object): boolean => 'runWebGPUProgram' in backend;

/**
 * A WebGPUProgram of `workgroups` workgroups in a flat dispatch, reading `variableNames`
 * (storage buffers of f32) and the uniforms `ints` (i32) then `floats` (f32), writing an
 * `outputShape` float32 tensor. tfjs extends `shaderKey` when it runs a program: make a new one
 * for each run.
 */
export abstract class FlatProgram {
  dispatchLayout = { x: [0] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number] = [WORKGROUP, 1, 1];
  size = false;
  uniforms: string;

  constructor(
    public outputShape: number[],
    workgroups: number,
    public shaderKey: string,
    public variableNames: string[],
    ints: string[],
    floats: string[],
  ) {
    this.dispatch = [workgroups, 1, 1];
    this.uniforms = [...ints.map((n) => `${n} : i32,`), ...floats.map((n) => `${n} : f32,`)].join(
      ' ',
    );
  }

  /** The WGSL that defines `fn main(index : i32)` (tfjs's prelude declares the bindings). */
  abstract getUserCode(): string;
}

/** Runs `program` on the active backend with its uniforms' values, in their declared order. */
export function runProgram(
  program: FlatProgram,
  inputs: tf.Tensor[],
  ints: number[],
  floats: number[],
): tf.Tensor {
  const backend = tf.backend() as unknown as WebGpuBackend;
  const uniforms = [
    ...ints.map((v) => ({ type: 'int32', data: [v] })),
    ...floats.map((v) => ({ type: 'float32', data: [v] })),
  ];
  return tf
    .engine()
    .makeTensorFromTensorInfo(backend.runWebGPUProgram(program, inputs, 'float32', uniforms));
}
