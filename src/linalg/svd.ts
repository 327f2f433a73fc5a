/**
 * Randomized truncated SVD (Halko, Martinsson & Tropp 2011, Alg. 4.4) of a matrix seen only
 * through its products, so that sparse matrices are never densified.
 *
 * Range finder: Y = X·Ω with a seeded Gaussian Ω (`cols × l`, l = k + oversampling), then
 * `powerIterations` rounds of QR(Xᵀ·Q), QR(X·Q) (the first QR left out of the middle rounds for
 * a wide X whose XᵀQ is well conditioned: Z_SKIP_MAX_COND_SQ), then the small SVD of B = Qᵀ·X
 * (`l × cols`, from the eigendecomposition of BBᵀ in float64: `wideSvd`), and U = Q·U_B. Where
 * X has few rows and its product X·Xᵀ is cheap (a sparse X: `rowGram`), the rounds run on that
 * `rows × rows` matrix instead (`gramRange`): one product with X in all, for Bᵀ. The products with
 * X are the data's own (SIMD kernels or tfjs), into arrays allocated once per call; the float64
 * work on whole rows or columns (Gram matrices, products with l × l matrices) and the l × l
 * eigendecompositions run through `options.thin` (nmf/init.ts passes the WebAssembly form,
 * kernels/wasm/thin64.ts), since the same loops in JavaScript run interpreted until V8 has
 * compiled them, and their boxed doubles and per-step arrays were ≈40 MB of garbage on MNIST:
 * memory the process kept. See `orthonormalize` for the thin QR.
 */
import { Rng } from '../random';
import { loopThinProducts, type Matrix64, type ThinProducts } from './thin';
import { transposeArray } from './sparse';

/** A `rows × cols` matrix known through two products with thin row-major arrays. */
export interface LinearOperator {
  readonly rows: number;
  readonly cols: number;
  /** X·Mᵀ for M `k × cols`: `rows × k` (float32), into `out` when given. */
  timesTransposedArray(M: ArrayLike<number>, k: number, out?: Float32Array): Float32Array;
  /** Mᵀ·X for M `rows × k`: `k × cols` (float32), into `out` when given. */
  transposedTimesArray(M: ArrayLike<number>, k: number, out?: Float32Array): Float32Array;
  /** X·F for F `cols × k`: `rows × k`, the bits of timesTransposedArray(Fᵀ) (optional). */
  timesArray?(F: ArrayLike<number>, k: number, out?: Float32Array): Float32Array;
  /** Xᵀ·M for M `rows × k`: `cols × k`, transposedTimesArray(M) transposed (optional). */
  transposedTimesRowsArray?(M: ArrayLike<number>, k: number, out?: Float32Array): Float32Array;
  /**
   * X·Xᵀ (`rows × rows`, float64), or undefined where that takes more than `maxTerms`
   * multiply-adds (optional): read only, and only until the operator's next call (it may be a
   * view of the operator's own memory).
   */
  rowGram?(maxTerms: number): Float64Array | undefined;
  /** The entries a product visits per column of its factor: X's stored entries (else rows·cols). */
  readonly stored?: number;
  /**
   * `bytes` of the operator's own memory that no call needs until its next one (optional): room
   * for a result read before X is used again, on pages X's products have touched already.
   */
  spare?(bytes: number): { buffer: ArrayBufferLike; byteOffset: number };
}

export interface TruncatedSvd<U = Float64Array> {
  /** Left singular vectors, `rows × k` row-major. */
  U: U;
  /** Singular values, descending, length k. */
  S: Float64Array;
  /** Right singular vectors, `cols × k` row-major (column t is v_t; float64). */
  V: Float64Array;
  k: number;
}

/**
 * Y (`rows × l`, float32) replaced in place by an orthonormal basis of its range: Y·M with M
 * from its Gram matrix YᵀY (float64): M = R⁻¹ for its Cholesky factor R (CholeskyQR), or, where
 * a pivot is below CHOLESKY_MIN_PIVOT of its column's norm (Y short of rank), M = V Λ^(−1/2)
 * from its eigendecomposition with directions λ ≤ 1e-10·λ_max dropped to zero columns. Two
 * passes, since one in float32 leaves errors of order ε·cond(Y)² (CholeskyQR2); between power
 * iterations one is enough (the range is what matters there: scikit-learn normalizes those with
 * an LU factorization). Only l × l work is done outside the products: `tf.linalg.qr` builds the
 * full `rows × rows` Q, 400 MB and minutes for 10,000 rows. `G` ends as the last pass's YᵀY.
 * Returns the first pass's pivot spread max r_jj / min r_jj, a lower bound on cond(Y) (Infinity
 * where Y was short of rank).
 */
function orthonormalize(
  Y: Matrix64,
  rows: number,
  l: number,
  passes: number,
  thin: ThinProducts,
  G = new Float64Array(l * l),
): number {
  let spread = 1;
  for (let pass = 0; pass < passes; pass++) {
    thin.gram(Y, rows, l, G);
    const inverse = thin.inverseCholesky(G, l, CHOLESKY_MIN_PIVOT * CHOLESKY_MIN_PIVOT);
    if (pass === 0) spread = inverse ? pivotSpread(inverse, l) : Infinity;
    if (inverse) thin.times(Y, rows, l, inverse, l, Y, true);
    else thin.times(Y, rows, l, eigenWhitening(G, l, thin), l, Y);
  }
  return spread;
}

/** max r_jj / min r_jj of R from R⁻¹ (`l × l`, upper triangular: its diagonal is 1 / r_jj). */
function pivotSpread(inverse: Float64Array, l: number): number {
  let [largest, smallest] = [0, Infinity];
  for (let j = 0; j < l; j++) {
    const r = 1 / inverse[j * l + j];
    largest = Math.max(largest, r);
    smallest = Math.min(smallest, r);
  }
  return largest / smallest;
}

/** Below this ratio of a Cholesky pivot to its column's norm, Y is taken as short of rank. */
const CHOLESKY_MIN_PIVOT = 1e-3;

/** V Λ^(−1/2) (`l × l`) from G = V Λ Vᵀ, zero columns for λ ≤ 1e-10·λ_max. */
function eigenWhitening(G: Float64Array, l: number, thin: ThinProducts): Float64Array {
  const { values: lambda, vectors } = thin.eigen(G, l);
  const top = Math.max(...lambda);
  const M = new Float64Array(l * l);
  for (let j = 0; j < l; j++) {
    const scale = lambda[j] > 1e-10 * top ? 1 / Math.sqrt(lambda[j]) : 0;
    for (let i = 0; i < l; i++) M[i * l + j] = vectors[j * l + i] * scale;
  }
  return M;
}

/**
 * The k leading singular triplets of X, U as `rows × k` float32. `powerIterations` defaults to
 * sklearn's rule (7 when k < 0.1·min(rows, cols), else 4), at most: the rounds stop once the
 * range has converged (`ritzWatch`); given, exactly that many run. `oversampling` defaults to 10.
 */
export function randomizedSvd(
  X: LinearOperator,
  k: number,
  options: {
    seed?: number;
    oversampling?: number;
    powerIterations?: number;
    /** The thin float64 products for at most `maxCols` columns (default: the loop forms). */
    thin?: (maxCols: number) => ThinProducts;
    /**
     * U and V in X's spare room where it has one (`spare`): views valid until X's next call,
     * instead of new arrays (garbage the fit after an nndsvd kept on fresh pages: 1.3 MB on SOTU).
     */
    onOperator?: boolean;
  } = {},
): TruncatedSvd<Float32Array> {
  const { rows, cols } = X;
  const l = Math.min(k + (options.oversampling ?? 10), rows, cols);
  const q = options.powerIterations ?? (k < 0.1 * Math.min(rows, cols) ? 7 : 4);
  const G = rows <= ROW_GRAM_MAX_ROWS ? X.rowGram?.(rowGramBudget(X, l, q)) : undefined;
  const thin = options.thin?.(Math.max(l, k, G ? rows : 0)) ?? loopThinProducts;
  try {
    const rng = new Rng(options.seed ?? 0);
    // On the products' memory where they have one (given back with it at the end).
    const float32 = (length: number) => thin.scratch32?.(length) ?? new Float32Array(length);
    const Y = float32(rows * l); // Q
    const Z = float32(cols * l);
    // `l × cols`: room for the transposes of operators without row layouts.
    let Zt: Float32Array | undefined;
    const room = () => (Zt ??= float32(l * cols));
    // Xᵀ·Y into Z (`cols × l`) and X·Z into Y, in the operator's row layouts where it has them.
    const transposedTimes = () =>
      X.transposedTimesRowsArray
        ? X.transposedTimesRowsArray(Y, l, Z)
        : transposeArray(X.transposedTimesArray(Y, l, room()), l, cols, Z);
    const times = () => {
      if (X.timesArray) X.timesArray(Z, l, Y);
      else X.timesTransposedArray(transposeArray(Z, cols, l, room()), l, Y);
    };
    if (G) gramRange(G, rows, l, q, rng, thin, Y);
    else {
      // Ωᵀ (`l × cols`) in Z, which the first Xᵀ·Q overwrites.
      X.timesTransposedArray(normals(thin, rng, l * cols, Z), l, Y);
      let spread = orthonormalize(Y, rows, l, q > 0 ? 1 : 2, thin);
      const converged = options.powerIterations === undefined ? ritzWatch(l, k, thin) : () => false;
      const gram = new Float64Array(l * l);
      let zSkipped = false;
      for (let i = 0; i < q; i++) {
        transposedTimes();
        // cond(XᵀQ)²: the pivot spread of Y = X·XᵀQ after a skipped Z, its square after one not
        const condSq: number = zSkipped ? spread : spread * spread;
        zSkipped = i > 0 && i < q - 1 && cols > rows && condSq <= Z_SKIP_MAX_COND_SQ;
        // gram: (XᵀQ)ᵀ(XᵀQ) before
        if (zSkipped) thin.gram(Z, cols, l, gram);
        else orthonormalize(Z, cols, l, 1, thin, gram);
        if (converged(gram)) {
          orthonormalize(Y, rows, l, 1, thin, gram); // the second pass the last round gives Q
          break;
        }
        times();
        spread = orthonormalize(Y, rows, l, i === q - 1 ? 2 : 1, thin, gram);
      }
    }
    transposedTimes(); // Bᵀ = XᵀQ (`cols × l`)
    // U and V where X has room for them (onOperator), else new arrays.
    const spare = options.onOperator ? X.spare?.(8 * cols * k + 4 * rows * k) : undefined;
    const [Vout, Uout] = spare
      ? [
          new Float64Array(spare.buffer, spare.byteOffset, cols * k),
          new Float32Array(spare.buffer, spare.byteOffset + 8 * cols * k, rows * k),
        ]
      : [undefined, new Float32Array(rows * k)];
    const small = wideSvd(Z, cols, l, k, thin, Vout);
    const U = thin.times(Y, rows, l, small.U, k, Uout);
    return { U, S: small.S, V: small.V, k };
  } finally {
    thin.release?.(); // its memory to the fit's kernels
  }
}

/**
 * Between the first and the last round of the power iteration, a wide X's `cols × l` XᵀQ (the
 * larger side) is not orthonormalized where cond(XᵀQ)² ≤ this: X·XᵀQ, orthonormalized, has the
 * range X·orth(XᵀQ) has, and float32 keeps its weakest direction to ≈ ε·cond² ≤ 6e-5 of the
 * strongest (scikit-learn normalizes both sides; the rounds after correct what a round loses).
 * SpamAssassin (6046 × 10000): cond² ≈ 30, 5 of 7 orthonormalizations of 10,000 rows saved.
 */
const Z_SKIP_MAX_COND_SQ = 1000;

/** The range finder works on X·Xᵀ (`gramRange`) for an X of at most this many rows … */
const ROW_GRAM_MAX_ROWS = 1024;
/**
 * … where X·Xᵀ and the rounds on it take at most this share of the multiply-adds of the 2q + 1
 * products with X they save. Scalar, one thread (X·Xᵀ: ≈0.7 ns a term on SOTU's CSR form; the
 * rounds: float64 SIMD) against float32 SIMD on the kernel threads (≈0.45 ns a term there).
 */
const ROW_GRAM_SHARE = 0.25;

/** The multiply-adds X.rowGram may take: ROW_GRAM_SHARE of the products' less the rounds'. */
function rowGramBudget(X: LinearOperator, l: number, q: number): number {
  const products = (2 * q + 1) * l * (X.stored ?? X.rows * X.cols);
  return ROW_GRAM_SHARE * products - (q + 1) * X.rows * X.rows * l;
}

/**
 * The range finder on G = X·Xᵀ (`rows × rows`, float64) where X has few rows: Y (`rows × l`,
 * float32) gets an orthonormal basis of the range of G^(q+1)·Ω for a seeded Gaussian Ω
 * (`rows × l`), the range of (XXᵀ)^q·X·Ω' for a Gaussian Ω' (`cols × l`) as in the products'
 * range finder, with one more power. A round is rows²·l multiply-adds in float64 (`thin`, for
 * `rows` columns) instead of two products with X, so all q run.
 */
function gramRange(
  G: Float64Array,
  rows: number,
  l: number,
  q: number,
  rng: Rng,
  thin: ThinProducts,
  Y: Float32Array,
) {
  let A: Float64Array = normals(thin, rng, rows * l);
  let B: Float64Array = new Float64Array(rows * l);
  for (let round = 0; round <= q; round++) {
    thin.times(G, rows, rows, A, l, B);
    orthonormalize(B, rows, l, round === q ? 2 : 1, thin);
    [A, B] = [B, A];
  }
  Y.set(A);
}

/** rng.normals(n, out), by the thin products' compiled draws where they have them. */
function normals<T extends Float32Array | Float64Array = Float64Array>(
  thin: ThinProducts,
  rng: Rng,
  n: number,
  out?: T,
): T {
  return thin.normals ? thin.normals(rng, n, out) : rng.normals(n, out);
}

/** A round of the power iteration whose trace of (XᵀQ)ᵀ(XᵀQ) rose by more than this fraction … */
const RITZ_TRACE_MOVED = 1e-4;
/** … or any of whose k leading Ritz values σ̃² rose by more than this fraction, was needed. */
const RITZ_MOVED = 1e-5;

/**
 * Whether the power iteration has converged, from the Gram matrix G = (XᵀQ)ᵀ(XᵀQ) (`l × l`) of
 * each round: its eigenvalues are the squared Ritz values of X on the range Q, and they only
 * rise from round to round. Once the k leading ones rise by at most RITZ_MOVED (relative) in a
 * round, Q holds the leading singular subspace to about the float32 products' accuracy, and
 * more rounds change nothing that matters. That happens where σ_{l+1} ≪ σ_k (data of low rank
 * plus noise: after 2 rounds on the generated bench cases, where sklearn's rule asks 7); on
 * tf-idf or MNIST spectra, whose values decay slowly, no round of the 7 comes close. The trace
 * (Σ of all l values, free) is checked first, so that the l × l eigendecompositions run only
 * where the trace has settled.
 */
function ritzWatch(l: number, k: number, thin: ThinProducts): (G: Float64Array) => boolean {
  let previous: Float64Array | undefined;
  let previousTrace = NaN;
  return (G) => {
    let trace = 0;
    for (let j = 0; j < l; j++) trace += G[j * l + j];
    const settled = trace - previousTrace <= RITZ_TRACE_MOVED * trace;
    const last = previous;
    previous = Float64Array.from(G);
    previousTrace = trace;
    if (!settled || !last) return false;
    const [now, before] = [G, last].map((M) => leadingEigenvalues(M, l, k, thin));
    return now.every((v, t) => Math.abs(v - before[t]) <= RITZ_MOVED * v);
  };
}

/** The k largest eigenvalues of the symmetric `l × l` matrix G, descending. */
function leadingEigenvalues(G: Float64Array, l: number, k: number, thin: ThinProducts): number[] {
  return Array.from(thin.eigen(G, l).values)
    .sort((a, b) => b - a)
    .slice(0, k);
}

/** Singular values below this fraction of the largest are taken as zero by `wideSvd`. */
const WIDE_SVD_CUTOFF = 1e-7;

/**
 * The k leading singular triplets of a short, wide B (`l × cols`, l small), given as Bᵀ
 * (`cols × l` row-major), from the eigendecomposition of BBᵀ (`l × l`, float64): BBᵀ = U Λ Uᵀ,
 * σ = √λ, V = BᵀUΣ⁻¹. Squaring costs accuracy only for σ far below σ₁ (relative error
 * ≈ 1e-16·(σ₁/σ)²): those below WIDE_SVD_CUTOFF·σ₁ get σ = 0 and zero vectors. (ml-matrix's SVD
 * of Bᵀ took 76 ms for 784 × 26 on MNIST; this takes a few.) U is `l × k`, V `cols × k` (in
 * `out` where given).
 */
export function wideSvd(
  Bt: Float32Array | Float64Array,
  cols: number,
  l: number,
  k: number,
  thin: ThinProducts = loopThinProducts,
  out?: Float64Array,
): TruncatedSvd {
  const gram = thin.gram(Bt, cols, l);
  const { values, vectors } = thin.eigen(gram, l);
  const lambda = Array.from(values);
  const order = lambda.map((_, i) => i).sort((a, b) => lambda[b] - lambda[a]);
  const top = Math.sqrt(Math.max(lambda[order[0]], 0));
  const U = new Float64Array(l * k);
  const S = new Float64Array(k);
  const UOverS = new Float64Array(l * k); // U Σ⁻¹, zero columns for σ = 0
  for (let t = 0; t < Math.min(k, l); t++) {
    const sigma = Math.sqrt(Math.max(lambda[order[t]], 0));
    if (!(sigma > WIDE_SVD_CUTOFF * top)) continue;
    S[t] = sigma;
    for (let a = 0; a < l; a++) {
      U[a * k + t] = vectors[order[t] * l + a];
      UOverS[a * k + t] = U[a * k + t] / sigma;
    }
  }
  // V on the products' memory where they have some (given back with it: a copy is kept, in
  // `out` where given).
  const scratch = thin.scratch64?.(cols * k);
  const V = thin.times(Bt, cols, l, UOverS, k, scratch ?? out);
  if (!scratch) return { U, S, V, k };
  return { U, S, V: out ? (out.set(V), out) : V.slice(), k };
}
