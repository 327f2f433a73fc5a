/**
 * Dense matrix inputs and their conversion to tensors.
 *
 * Public functions accept a matrix as `number[][]` (rows), a flat typed array with a shape,
 * or a `tf.Tensor`. Conversion validates shape and finiteness and names the argument at fault.
 * Tensors returned by `toMatrix` are new handles owned by the caller (dispose them); a tensor
 * passed in by a user is never disposed by nmflow.
 */
import * as tf from '@tensorflow/tfjs-core';
import { inputError, usageError } from '../errors';

/** The flat typed arrays nmflow's dense matrices are stored in. */
export type FloatArray = Float32Array | Float64Array;

/**
 * nmflow's dense matrix: row-major `rows × cols` on a typed array, entry (i, j) at
 * `data[i * cols + j]`; float32 where tensors come from or go to, float64 for the exact solvers
 * and references.
 */
export interface DenseArray<T extends FloatArray = FloatArray> {
  data: T;
  rows: number;
  cols: number;
}

/**
 * A flat array with its row-major shape `[rows, cols]`: the public input form, and the form
 * data sets, matrix files and checkpoints carry (`ShapedArray<Float32Array>` there).
 */
export interface ShapedArray<T extends ArrayLike<number> = ArrayLike<number>> {
  data: T;
  shape: [number, number] | readonly [number, number];
}

/** A float32 `ShapedArray` whose shape is a plain tuple (checkpoint factors, rule matrices). */
export type ShapedFloat32 = ShapedArray<Float32Array> & { shape: [number, number] };

/** Any dense matrix input: rows of numbers, a shaped flat array, or a tensor. */
export type MatrixInput = number[][] | ShapedArray | tf.Tensor;
/** A matrix or a vector (a vector is read as one column, `n × 1`). */
export type MatrixOrVector = MatrixInput | number[] | Float32Array | Float64Array;

/** Row-major float64 matrix used by the exact (typed-array) solvers and references. */
export type Float64Matrix = DenseArray<Float64Array>;

function isShaped(x: unknown): x is ShapedArray {
  return typeof x === 'object' && x !== null && 'data' in x && 'shape' in x;
}

/** Throws an input error naming `name` and the first non-finite entry, if any. */
export function assertFinite(data: ArrayLike<number>, cols: number, name: string): void {
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (!Number.isFinite(v)) {
      const what = Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
      throw inputError(
        `${name} has a non-finite entry (${what}) at row ${Math.floor(i / cols)}, column ${i % cols}`,
      );
    }
  }
}

/**
 * Reads a matrix input into a flat row-major Float32Array or Float64Array plus shape,
 * validating it. `asVector` allows a 1-D input, read as an `n × 1` column.
 */
export function readMatrix(
  input: MatrixOrVector,
  name: string,
  opts: { allowVector?: boolean; allowNonFinite?: boolean } = {},
): DenseArray {
  let data: Float32Array | Float64Array;
  let rows: number;
  let cols: number;
  if (input instanceof tf.Tensor) {
    if (input.rank === 1 && opts.allowVector) [rows, cols] = [input.shape[0], 1];
    else if (input.rank === 2) [rows, cols] = input.shape as [number, number];
    else throw usageError(`${name} must be a 2-D tensor, got shape [${input.shape.join(', ')}]`);
    data = input.dataSync() as Float32Array;
  } else if (isShaped(input)) {
    const shape = input.shape;
    if (
      !Array.isArray(shape) ||
      shape.length !== 2 ||
      !shape.every((s) => Number.isInteger(s) && s >= 0)
    ) {
      throw usageError(`${name}.shape must be [rows, cols] of non-negative integers`);
    }
    [rows, cols] = shape as [number, number];
    if (input.data.length !== rows * cols) {
      throw usageError(
        `${name}.data has ${input.data.length} entries but shape [${rows}, ${cols}] needs ${rows * cols}`,
      );
    }
    data = input.data instanceof Float64Array ? input.data : Float32Array.from(input.data);
  } else if (Array.isArray(input) || ArrayBuffer.isView(input)) {
    const arr = input as ArrayLike<number | number[]>;
    if (arr.length > 0 && Array.isArray(arr[0])) {
      const rowsArr = input as number[][];
      rows = rowsArr.length;
      cols = rowsArr[0].length;
      const out = new Float64Array(rows * cols);
      rowsArr.forEach((row, i) => {
        if (!Array.isArray(row) || row.length !== cols) {
          throw usageError(
            `${name} is ragged: row ${i} has ${Array.isArray(row) ? row.length : 'no'} entries, row 0 has ${cols}`,
          );
        }
        for (let j = 0; j < cols; j++) out[i * cols + j] = Number(row[j]);
      });
      data = out;
    } else {
      if (!opts.allowVector) {
        throw usageError(
          `${name} must be a matrix (rows of numbers), got a flat array without shape`,
        );
      }
      rows = arr.length;
      cols = 1;
      data =
        input instanceof Float32Array || input instanceof Float64Array
          ? input
          : Float64Array.from(arr as ArrayLike<number>);
    }
  } else {
    throw usageError(`${name} must be number[][], {data, shape} or a tf.Tensor`);
  }
  if (rows === 0 || cols === 0) throw usageError(`${name} is empty (shape [${rows}, ${cols}])`);
  if (!opts.allowNonFinite) assertFinite(data, cols, name);
  return { data, rows, cols };
}

/** Reads a matrix input into a new float32 `tf.Tensor2D` owned by the caller. */
export function toMatrix(
  input: MatrixOrVector,
  name: string,
  opts: { allowVector?: boolean; allowNonFinite?: boolean } = {},
): tf.Tensor2D {
  if (input instanceof tf.Tensor && input.rank === 2 && opts.allowNonFinite)
    return tf.clone(input) as tf.Tensor2D;
  const { data, rows, cols } = readMatrix(input, name, opts);
  return tf.tensor2d(data instanceof Float32Array ? data : Float32Array.from(data), [rows, cols]);
}

/** Reads a matrix input into a row-major float64 matrix (for exact solvers and references). */
export function toFloat64(input: MatrixOrVector, name: string, allowVector = false): Float64Matrix {
  const { data, rows, cols } = readMatrix(input, name, { allowVector });
  return { data: data instanceof Float64Array ? data : Float64Array.from(data), rows, cols };
}

/** Converts a tensor's values to a float64 row-major matrix (reads back synchronously). */
export function tensorToFloat64(t: tf.Tensor2D): Float64Matrix {
  return { data: Float64Array.from(t.dataSync()), rows: t.shape[0], cols: t.shape[1] };
}

/** Converts a float64 row-major matrix into a new float32 tensor. */
export function float64ToTensor(m: Float64Matrix): tf.Tensor2D {
  return tf.tensor2d(Float32Array.from(m.data), [m.rows, m.cols]);
}

/** Rows of a tensor as nested arrays (for printing, JSON and tests). */
export function toRows(t: tf.Tensor2D | Float64Matrix): number[][] {
  const { data, rows, cols } =
    t instanceof tf.Tensor ? { data: t.dataSync(), rows: t.shape[0], cols: t.shape[1] } : t;
  return Array.from({ length: rows }, (_, i) =>
    Array.from(data.subarray(i * cols, (i + 1) * cols)),
  );
}
