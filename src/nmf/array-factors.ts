/**
 * The factors of an alternating rule that works on typed arrays (`hals`, `anls` with its default
 * engine): W (`n × k`) and Hᵀ (`m × k`), row-major, with the previous iterates that
 * extrapolation.ts needs, plus the tensor forms the rule contract hands out (made when read) and
 * the checkpoint form of the starting points. The extrapolated starts Ŵ, Ĥᵀ are not kept aside:
 * each is made where its factor lies when an outer iteration takes it (`takeStarts`), so that a
 * factor takes two arrays instead of three.
 */
import * as tf from '@tensorflow/tfjs-core';
import { transposeArray } from '../linalg/sparse';
import { rounded32, transpose32 } from '../kernels/wasm/host-loops';
import { readInto, valuesOf } from '../kernels/read-into';
import { extrapolateInto } from './extrapolation';
import type { ShapedFloat32 as Matrix32 } from '../linalg/matrix';

/**
 * Where the W half starts: W itself (in place), an array W is set to first (a resumed
 * checkpoint's Ŵ), or W extrapolated in place from the previous iterate: max(W + β(W − previous),
 * 0) entrywise, then previous ← W (extrapolateInto's arithmetic: Ŵ's bits).
 */
export type WStart<A> = A | { previous: A; beta: number };

/** F (W) made from its start in place (what a W half does first). */
export function startInto<A extends Float32Array | Float64Array>(F: A, start: WStart<A>): void {
  if (!ArrayBuffer.isView(start)) extrapolateInto(F, F, start.previous, start.beta);
  else if (F !== start) F.set(start);
}

export class ArrayFactors<A extends Float32Array | Float64Array> {
  /** Wₙ and Hₙᵀ; from `takeStarts` to the end of the iteration, Ĥᵀ and then Hₙ₊₁ᵀ in ht. */
  readonly w: A;
  readonly ht: A;
  /** Wₙ₋₁ and Hₙ₋₁ᵀ (w and ht themselves without extrapolation). */
  private readonly wPrev: A;
  private readonly htPrev: A;
  private readonly shape: { n: number; m: number; k: number };
  private W?: tf.Tensor2D;
  private H?: tf.Tensor2D;
  /** The β that the next starts are to be made with (undefined: none pending). */
  private pendingBeta?: number;
  /** A resumed checkpoint's Ŵ and Ĥᵀ, until the first iteration takes them. */
  private resumed?: { w: A; ht: A };

  /**
   * Takes over W0 and H0 (disposed here). `make` makes the arrays, zeros of a length (shared
   * ones where threads write them); `matrices`, a checkpoint's, gives the starting points of a
   * resumed fit.
   */
  constructor(
    W0: tf.Tensor2D,
    H0: tf.Tensor2D,
    make: (length: number) => A,
    private readonly extrapolating: boolean,
    matrices?: Record<string, Matrix32>,
  ) {
    const [n, k] = W0.shape;
    const m = H0.shape[1];
    this.w = readInto(W0, make(n * k));
    this.ht = make(m * k);
    this.wPrev = extrapolating ? make(n * k) : this.w;
    this.htPrev = extrapolating ? make(m * k) : this.ht;
    readTransposed(H0, k, m, this.ht, extrapolating ? this.htPrev : undefined);
    if (extrapolating) {
      this.wPrev.set(this.w);
      this.htPrev.set(this.ht);
    }
    tf.dispose([W0, H0]);
    if (extrapolating && matrices?.Wstart && matrices.Hstart) {
      const w = this.w.slice() as A;
      const ht = this.ht.slice() as A;
      w.set(matrices.Wstart.data);
      ht.set(transposeArray(matrices.Hstart.data, k, m));
      this.resumed = { w, ht };
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
   * W and Hᵀ rounded to float32: the arrays themselves where they are float32, else `room`'s
   * (float32 arrays of their lengths that the rule has free until its next step: hals's product
   * buffers at a check point), rounded there by products.wat where they lie on one kernel memory
   * with the factors. Fresh arrays each time were 2.4 MB of new pages an iteration on sparse-20,
   * and plain arrays sent the fit's cross term through the host loops' scratch memory.
   */
  rows32(room?: { w: Float32Array; ht: Float32Array }): { w: Float32Array; ht: Float32Array } {
    const { w, ht } = this;
    if (w instanceof Float32Array && ht instanceof Float32Array) return { w, ht };
    if (!room) throw new Error('ArrayFactors.rows32: float64 factors are rounded into room');
    rounded32(w as Float64Array, room.w);
    rounded32(ht as Float64Array, room.ht);
    return room;
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
    const [wHat, htHat] = this.starts();
    return {
      Wstart: { data: Float32Array.from(wHat), shape: [n, k] },
      Hstart: { data: transposeArray(htHat, m, k), shape: [k, m] },
    };
  }

  /**
   * An outer iteration's starts, handed over once: Ĥᵀ made in ht (in place; the previous iterate
   * then is Hᵀ), and where the W half starts (WStart: the W half makes Ŵ as it says, startInto).
   * The next starts are W and Hᵀ themselves until `extrapolate`.
   */
  takeStarts(): WStart<A> {
    const { resumed, pendingBeta } = this;
    this.resumed = this.pendingBeta = undefined;
    if (resumed) {
      this.ht.set(resumed.ht);
      return resumed.w;
    }
    if (pendingBeta === undefined) return this.w;
    extrapolateInto(this.ht, this.ht, this.htPrev, pendingBeta);
    return { previous: this.wPrev, beta: pendingBeta };
  }

  /** Ŵ and Ĥᵀ as takeStarts would make them, made aside (W and Hᵀ where none is pending). */
  private starts(): [A, A] {
    if (this.resumed) return [this.resumed.w, this.resumed.ht];
    const beta = this.pendingBeta;
    if (beta === undefined) return [this.w, this.ht];
    return [extrapolated(this.w, this.wPrev, beta), extrapolated(this.ht, this.htPrev, beta)];
  }

  /** w_t ← s·w_t, h_t ← h_t / s in the iterates, the previous ones and a resumed fit's starts. */
  scaleComponent(t: number, s: number): void {
    const { k } = this.shape;
    if (this.pendingBeta !== undefined) throw new Error('scaleComponent: a start is pending');
    const { resumed } = this;
    for (const a of new Set([this.w, this.wPrev, resumed?.w ?? this.w])) {
      for (let i = t; i < a.length; i += k) a[i] *= s;
    }
    for (const a of new Set([this.ht, this.htPrev, resumed?.ht ?? this.ht])) {
      for (let i = t; i < a.length; i += k) a[i] /= s;
    }
  }

  /**
   * The next starts are to be Ŵ, Ĥᵀ = [current + β(current − previous)]₊, made by `takeStarts`
   * (β 0: restart); starts not taken are given up.
   */
  extrapolate(beta: number): void {
    if (this.pendingBeta !== undefined) {
      // Starts pending were made and given up: their previous ← current is all that is left.
      this.wPrev.set(this.w);
      this.htPrev.set(this.ht);
    }
    this.resumed = undefined;
    this.pendingBeta = beta;
  }

  dispose(): void {
    this.changing();
  }
}

/** [current + β(current − previous)]₊ as a new array (extrapolateInto's bits). */
function extrapolated<A extends Float32Array | Float64Array>(
  current: A,
  previous: A,
  beta: number,
): A {
  const out = current.slice() as A;
  extrapolateInto(out, current, previous.slice() as A, beta);
  return out;
}

/** a itself where it is float32, else a float32 copy (rounded: Float32Array.set's values). */
function float32(a: Float32Array | Float64Array): Float32Array {
  return a instanceof Float32Array ? a : new Float32Array(a);
}

/**
 * ht (`m × k`) ← the values of H (`k × m`, float32) transposed. With a spare array of its length
 * beside it (on its kernel memory, for a rule's arrays): H's values into the spare's first k·m
 * float32 words, then transpose32 there into ht (float32), or into the spare's next k·m words
 * (a float64 spare has room for both), widened into ht. No JavaScript loop over the entries (in a
 * fresh process one allocates a heap number per entry: ≈1 MB of young-generation pages for SOTU's
 * H), and no pass through the host loops' scratch memory (which took pages the rule's next memory
 * would have).
 */
function readTransposed<T extends Float32Array | Float64Array>(
  H: tf.Tensor2D,
  k: number,
  m: number,
  ht: T,
  spare?: T,
): void {
  if (!spare) {
    transposeInto(valuesOf(H), k, m, ht); // the view read before any other tfjs call
    return;
  }
  const words = (at: number) => new Float32Array(spare.buffer, spare.byteOffset + at, k * m);
  const a = words(0);
  readInto(H, a);
  if (ht instanceof Float32Array) transpose32(a, k, m, ht);
  else {
    const b = words(4 * k * m);
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
