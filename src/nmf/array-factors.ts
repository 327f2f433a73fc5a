/**
 * The factors of an alternating rule that works on typed arrays (`hals`, `anls` with its default
 * engine): W (`n × k`) and Hᵀ (`m × k`), row-major, with the extrapolated starting points Ŵ, Ĥᵀ
 * and the previous iterates that extrapolation.ts needs, plus the tensor forms the rule contract
 * hands out (made when read) and the checkpoint form of the starting points. With `lazyW`
 * (hals), Ŵ is not kept: the W half's sweeps make each row of it where they start
 * (`takeWStart`), so W takes two arrays instead of three.
 */
import * as tf from '@tensorflow/tfjs-core';
import { transposeArray } from '../linalg/sparse';
import { transpose32 } from '../kernels/wasm/host-loops';
import { readInto, valuesOf } from '../kernels/read-into';
import { extrapolateInto } from './extrapolation';
import type { ShapedFloat32 as Matrix32 } from '../linalg/matrix';

/**
 * Where the W half starts with `lazyW`: W itself (in place), an array W is set to first (a resumed
 * checkpoint's Ŵ), or W extrapolated in place from the previous iterate: max(W + β(W − previous),
 * 0) entrywise, then previous ← W (extrapolateInto's arithmetic: Ŵ's bits).
 */
export type WStart<A> = A | { previous: A; beta: number };

export class ArrayFactors<A extends Float32Array | Float64Array> {
  /** Wₙ and Hₙᵀ. */
  readonly w: A;
  readonly ht: A;
  /**
   * Ŵ and Ĥᵀ: where the next iteration starts (w and ht themselves without extrapolation; with
   * `lazyW`, wHat is w and the W half starts where `takeWStart` says).
   */
  readonly wHat: A;
  readonly htHat: A;
  /** Wₙ₋₁ and Hₙ₋₁ᵀ. */
  private readonly wPrev: A;
  private readonly htPrev: A;
  private readonly shape: { n: number; m: number; k: number };
  private W?: tf.Tensor2D;
  private H?: tf.Tensor2D;
  /** rows32's float32 arrays, where the factors are float64. */
  private rounded?: { w: Float32Array; ht: Float32Array };
  /** With lazyW: the β that Ŵ is to be made with from w and wPrev (undefined: none pending). */
  private pendingBeta?: number;
  /** With lazyW: a resumed checkpoint's Ŵ, until the first W half takes it. */
  private resumedW?: A;

  /**
   * Takes over W0 and H0 (disposed here). `make` makes the arrays, zeros of a length (shared
   * ones where threads write them); `matrices`, a checkpoint's, gives the starting points of a
   * resumed fit; `lazyW` leaves Ŵ to the W half (takeWStart).
   */
  constructor(
    W0: tf.Tensor2D,
    H0: tf.Tensor2D,
    make: (length: number) => A,
    private readonly extrapolating: boolean,
    matrices?: Record<string, Matrix32>,
    private readonly lazyW = false,
  ) {
    const [n, k] = W0.shape;
    const m = H0.shape[1];
    const copy = (a: A) => {
      const out = make(a.length);
      out.set(a);
      return out;
    };
    this.w = readInto(W0, make(n * k));
    this.ht = make(m * k);
    const alias = (a: A) => (extrapolating ? copy(a) : a);
    this.wHat = lazyW ? this.w : alias(this.w);
    this.htHat = extrapolating ? make(m * k) : this.ht;
    this.wPrev = alias(this.w);
    this.htPrev = extrapolating ? make(m * k) : this.ht;
    readTransposed(H0, k, m, this.ht, extrapolating ? [this.htHat, this.htPrev] : undefined);
    if (extrapolating) {
      this.htHat.set(this.ht);
      this.htPrev.set(this.ht);
    }
    tf.dispose([W0, H0]);
    if (extrapolating && matrices?.Wstart && matrices.Hstart) {
      if (lazyW) (this.resumedW = this.w.slice() as A).set(matrices.Wstart.data);
      else this.wHat.set(matrices.Wstart.data);
      this.htHat.set(transposeArray(matrices.Hstart.data, k, m));
    }
    this.shape = { n, m, k };
  }

  /** W as a tensor (`n × k`), made on first read after a change. */
  get tensorW(): tf.Tensor2D {
    const { n, k } = this.shape;
    return (this.W ??= tf.tensor2d(new Float32Array(this.w), [n, k]));
  }

  /** H as a tensor (`k × m`), made on first read after a change. */
  get tensorH(): tf.Tensor2D {
    const { m, k } = this.shape;
    // The backend's transpose (no JavaScript loop over the entries: in a fresh process one
    // allocates a heap number per entry).
    return (this.H ??= tf.tidy(() =>
      tf.transpose(tf.tensor2d(float32(this.ht), [m, k])),
    ) as tf.Tensor2D);
  }

  /**
   * W and Hᵀ rounded to float32: the arrays themselves where they are float32, else this
   * object's two float32 arrays, which the next call overwrites (hals reads them at every check
   * point where its Wᵀ·X is summed in float64: a fresh pair each time was 2.4 MB of new pages an
   * iteration on sparse-20).
   */
  rows32(): { w: Float32Array; ht: Float32Array } {
    if (this.w instanceof Float32Array && this.ht instanceof Float32Array) {
      return { w: this.w, ht: this.ht };
    }
    const r = (this.rounded ??= {
      w: new Float32Array(this.w.length),
      ht: new Float32Array(this.ht.length),
    });
    r.w.set(this.w);
    r.ht.set(this.ht);
    return r;
  }

  /** Drops the tensor forms: the arrays are about to change. */
  changing(): void {
    tf.dispose([this.W, this.H]);
    this.W = this.H = undefined;
  }

  /** The starting points Ŵ, Ĥ for a checkpoint (none without extrapolation). */
  matrices(): Record<string, Matrix32> {
    if (!this.extrapolating) return {};
    const { n, m, k } = this.shape;
    return {
      Wstart: { data: Float32Array.from(this.startOfW()), shape: [n, k] },
      Hstart: { data: transposeArray(this.htHat, m, k), shape: [k, m] },
    };
  }

  /**
   * With lazyW, where the W half starts now (WStart), handed over once: the W half makes Ŵ as it
   * says (the previous iterate then is W), and the next start is W itself until `extrapolate`.
   * Without lazyW, wHat.
   */
  takeWStart(): WStart<A> {
    if (!this.lazyW) return this.wHat;
    const { resumedW, pendingBeta } = this;
    this.resumedW = this.pendingBeta = undefined;
    if (resumedW) return resumedW;
    return pendingBeta === undefined ? this.w : { previous: this.wPrev, beta: pendingBeta };
  }

  /** Ŵ as an array (wHat, or with lazyW the start takeWStart would hand over, made aside). */
  private startOfW(): A {
    if (this.resumedW) return this.resumedW;
    if (this.pendingBeta === undefined) return this.wHat;
    const out = this.w.slice() as A;
    extrapolateInto(out, this.w, this.wPrev.slice() as A, this.pendingBeta);
    return out;
  }

  /** w_t ← s·w_t, h_t ← h_t / s in the iterates, the starts and the previous iterates. */
  scaleComponent(t: number, s: number): void {
    const { k } = this.shape;
    if (this.pendingBeta !== undefined) throw new Error('scaleComponent: Ŵ is pending');
    for (const a of new Set([this.w, this.wHat, this.wPrev, this.resumedW ?? this.w])) {
      for (let i = t; i < a.length; i += k) a[i] *= s;
    }
    for (const a of new Set([this.ht, this.htHat, this.htPrev])) {
      for (let i = t; i < a.length; i += k) a[i] /= s;
    }
  }

  /**
   * Ŵ, Ĥᵀ ← [current + β(current − previous)]₊, then previous ← current (β 0: restart); with
   * lazyW, Ŵ's part is left to the W half (takeWStart), a start it has not taken given up.
   */
  extrapolate(beta: number): void {
    if (!this.lazyW) extrapolateInto(this.wHat, this.w, this.wPrev, beta);
    else {
      // A Ŵ still pending was made and given up: its previous ← current is all that is left.
      if (this.pendingBeta !== undefined) this.wPrev.set(this.w);
      this.resumedW = undefined;
      this.pendingBeta = beta;
    }
    extrapolateInto(this.htHat, this.ht, this.htPrev, beta);
  }

  dispose(): void {
    this.changing();
  }
}

/** a itself where it is float32, else a float32 copy (rounded: Float32Array.set's values). */
function float32(a: Float32Array | Float64Array): Float32Array {
  return a instanceof Float32Array ? a : new Float32Array(a);
}

/**
 * ht (`m × k`) ← the values of H (`k × m`, float32) transposed. With two spare arrays of its
 * length beside it (on its kernel memory, for a rule's arrays): H's values into the first, then
 * transpose32 there into ht (float32) or into the second, widened into ht (float64). No
 * JavaScript loop over the entries (in a fresh process one allocates a heap number per entry:
 * ≈1 MB of young-generation pages for SOTU's H), and no pass through the host loops' scratch
 * memory (which took pages the rule's next memory would have).
 */
function readTransposed<T extends Float32Array | Float64Array>(
  H: tf.Tensor2D,
  k: number,
  m: number,
  ht: T,
  spare?: [T, T],
): void {
  if (!spare) {
    transposeInto(valuesOf(H), k, m, ht); // the view read before any other tfjs call
    return;
  }
  const [a, b] = spare.map((s) => new Float32Array(s.buffer, s.byteOffset, k * m));
  readInto(H, a);
  if (ht instanceof Float32Array) transpose32(a, k, m, ht);
  else {
    transpose32(a, k, m, b);
    ht.set(b);
  }
}

/**
 * a (`rows × cols`) transposed into out: by products.wat's transpose where both are float32 (a
 * loop in JavaScript runs unoptimized in a fresh process, boxing each value: young-generation
 * garbage, which a fit's peak memory counts), else by the loop.
 */
function transposeInto<T extends Float32Array | Float64Array>(
  a: ArrayLike<number>,
  rows: number,
  cols: number,
  out: T,
): T {
  if (a instanceof Float32Array && out instanceof Float32Array) transpose32(a, rows, cols, out);
  else transposeArray(a, rows, cols, out);
  return out;
}
