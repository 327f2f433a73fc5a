/**
 * Wᵀ·X as the alternating rules (anls's overparametrized form, hals) keep it between steps, read
 * as Xᵀ·W (`m × k`, the H half's right-hand side, in the layout the products make it), and the fit
 * they measure from it by the Gram identity ‖X‖² − 2⟨WᵀX, H⟩ + ⟨WᵀW, HHᵀ⟩. Once a fit
 * nears where the identity with float32 sums would lose its digits (gram-fit.ts's identityHolds;
 * a sparse X), the next steps read WᵀX summed in float64 as float32 parts hi + lo (ops.ts's
 * transposedTimesSplit): the H half gets hi, the sums correctly rounded, and the fit from
 * hi + lo (each sum to 2⁻⁴⁸ of it: ≈4e-15·‖X‖² of error in ‖X − WH‖², against ≈4e-7·‖X‖² from
 * float32 sums) is trusted, so that check points need no float64 pass over X's stored entries
 * (≈15 ms of each ≈50 ms outer iteration on the generated 20000 × 10000 case) for one product
 * whose float64 sums cost ≈3.5 ms more than float32's there. The first step sums in float32:
 * in float64 it cost the text corpora 5–13 ms (the second output's first touches), and their
 * fits never come near the limit.
 */
import * as tf from '@tensorflow/tfjs-core';
import { transposedTimesRows, transposedTimesSplit, type XOperand } from '../kernels/ops';
import { filledTensor, readInto } from '../kernels/read-into';
import { transpose32 } from '../kernels/wasm/host-loops';
import type { FloatArray } from '../linalg/matrix';
import type { NmfData } from './data';
import { identityHolds, squaredError, squaredErrorOfRows } from './gram-fit';

/**
 * The next reads sum in float64 once the fit is within this factor of the identity's limit:
 * early fits fall by more than that in one step (on the generated sparse case the relative
 * error went 0.68, 0.247, 0.102), so the step that falls below the limit is summed in float64.
 */
const SPLIT_AHEAD = 4;

export class WtxProduct {
  /**
   * The product of the last `read`: Xᵀ·W (`m × k`, row-major) where `rows`, else Wᵀ·X
   * (`k × m`; with its low part where it was summed in float64). Both fit in its k·m floats.
   */
  private readonly values: Float32Array;
  /** Wᵀ·X's low part, where the last read summed in float64. */
  private low?: Float32Array;
  private rows = false;
  private split = false;
  private wantSplit = false;

  /** `make` makes its arrays, zeros of a length (a rule's arena: the host loops read them there). */
  constructor(
    private readonly data: NmfData,
    private readonly k: number,
    private readonly m: number,
    private readonly make: (length: number) => Float32Array = (length) => new Float32Array(length),
  ) {
    this.values = make(k * m);
  }

  /**
   * Xᵀ·W for W (`n × k`) as an `m × k` tensor, the H half's right-hand side (the caller disposes
   * it), kept for the fit: in that layout as the products make it (ops.ts's transposedTimesRows:
   * no transposes on the way), or, where the last fit asked for float64 sums, as Wᵀ·X's parts
   * hi + lo (`k × m`) with hi transposed into the tensor.
   */
  read(X: XOperand, W: tf.Tensor2D): tf.Tensor2D {
    const parts = this.wantSplit ? transposedTimesSplit(X, W) : undefined;
    this.split = parts !== undefined;
    this.rows = !parts;
    if (!parts) {
      const product = transposedTimesRows(X, W);
      readInto(product, this.values);
      return product;
    }
    const { k, m, values } = this;
    readInto(parts[0], values);
    readInto(parts[1], (this.low ??= this.make(values.length)));
    tf.dispose(parts);
    return filledTensor([m, k], (q) => transpose32(values, k, m, q));
  }

  /** Wᵀ·X (`k × m`) where the last read (or `columns`) left it in that layout, else undefined. */
  get wtx(): Float32Array | undefined {
    return this.rows ? undefined : this.values;
  }

  /** The product's k·m floats: free once its fit is measured (room for a check point's Wᵀ·X). */
  get room(): Float32Array {
    return this.values;
  }

  /** The product's floats for the caller to write Wᵀ·X (`k × m`) into, read as `wtx` after. */
  columns(): Float32Array {
    this.rows = this.split = false;
    return this.values;
  }

  /**
   * Whether X's products can sum in float64: those of SparseProducts, which measure the residual
   * by a float64 pass otherwise (`sparseSquaredError`; a CSR X dense enough for the dense
   * products keeps float32 sums and the identity down to its dense limit).
   */
  private splits(): boolean {
    return this.data.sparseSquaredError !== undefined;
  }

  /** Whether the last read summed in float64. */
  get summedInFloat64(): boolean {
    return this.split;
  }

  /** Row t of Wᵀ·X (column t of Xᵀ·W) set to zero (component t of W was zeroed). */
  zeroRow(t: number): void {
    const { k, m, values } = this;
    if (this.rows) {
      for (let j = t; j < values.length; j += k) values[j] = 0;
      return;
    }
    values.fill(0, t * m, (t + 1) * m);
    if (this.split) this.low!.fill(0, t * m, (t + 1) * m);
  }

  /**
   * ‖X − WH‖² for the W of the last read, from GW = WᵀW, GH = HHᵀ (float64) and Hᵀ (`m × k`);
   * `precise` where Wᵀ·X was summed in float64. Near identityHolds's limit (SPLIT_AHEAD) the
   * next reads sum in float64.
   */
  squaredError(
    GW: Float64Array,
    GH: Float64Array,
    ht: FloatArray,
  ): { squaredError: number; precise: boolean } {
    const { data, k, m, split, values } = this;
    const sq = this.rows
      ? squaredErrorOfRows(data.sqNorm, values, GW, GH, ht)
      : squaredError(data.sqNorm, values, GW, GH, ht, m, k, split ? this.low : undefined);
    this.wantSplit = this.splits() && !identityHolds(sq, data, SPLIT_AHEAD);
    return { squaredError: sq, precise: split };
  }
}
