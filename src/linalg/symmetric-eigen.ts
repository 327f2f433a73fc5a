/**
 * The eigendecomposition of a small symmetric matrix: Householder tridiagonalization and the
 * implicit QL iteration (EISPACK's tred2 and tql2, as JAMA and ml-matrix 6.15 have them), on
 * flat Float64Arrays.
 *
 * ml-matrix's `EigenvalueDecomposition` runs the same two routines through `Matrix.get` and
 * `Matrix.set`: in a fresh process, where V8 has not compiled them yet, each access is an
 * interpreted call, and one decomposition of the randomized SVD's l × l Gram matrix took 11 ms
 * (l = 20), 27 ms (l = 30) and 55 ms (l = 74), once per fit. This is the same arithmetic in the
 * same order on the same doubles (V stored transposed, as ml-matrix stores it), so the results
 * are those of ml-matrix bit for bit (test/linalg/symmetric-eigen.test.ts compares them).
 */

/** Eigenvalues ascending; `vectors` row-major `n × n`, row j the unit eigenvector of value j. */
export interface SymmetricEigen {
  values: Float64Array;
  vectors: Float64Array;
}

/** The eigendecomposition of the symmetric `n × n` row-major G. */
export function symmetricEigen(G: ArrayLike<number>, n: number): SymmetricEigen {
  if (!(n >= 1) || G.length < n * n) {
    throw new RangeError(`symmetricEigen: ${G.length} entries for a ${n} × ${n} matrix`);
  }
  // v[a·n + b] holds V(b, a): tred2 and tql2 walk V down its columns.
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) v[j * n + i] = G[i * n + j];
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  tridiagonalize(n, e, d, v);
  diagonalize(n, e, d, v);
  return { values: d, vectors: v };
}

/** tred2: reduces V to tridiagonal form (diagonal d, off-diagonal e), V the transformation. */
function tridiagonalize(n: number, e: Float64Array, d: Float64Array, v: Float64Array): void {
  let f: number, g: number, h: number, hh: number, scale: number;
  for (let j = 0; j < n; j++) d[j] = v[j * n + n - 1];
  for (let i = n - 1; i > 0; i--) {
    scale = 0;
    h = 0;
    for (let k = 0; k < i; k++) scale = scale + Math.abs(d[k]);
    if (scale === 0) {
      e[i] = d[i - 1];
      for (let j = 0; j < i; j++) {
        d[j] = v[j * n + i - 1];
        v[j * n + i] = 0;
        v[i * n + j] = 0;
      }
    } else {
      for (let k = 0; k < i; k++) {
        d[k] /= scale;
        h += d[k] * d[k];
      }
      f = d[i - 1];
      g = Math.sqrt(h);
      if (f > 0) g = -g;
      e[i] = scale * g;
      h = h - f * g;
      d[i - 1] = f - g;
      for (let j = 0; j < i; j++) e[j] = 0;
      for (let j = 0; j < i; j++) {
        f = d[j];
        v[i * n + j] = f;
        g = e[j] + v[j * n + j] * f;
        for (let k = j + 1; k <= i - 1; k++) {
          g += v[j * n + k] * d[k];
          e[k] += v[j * n + k] * f;
        }
        e[j] = g;
      }
      f = 0;
      for (let j = 0; j < i; j++) {
        e[j] /= h;
        f += e[j] * d[j];
      }
      hh = f / (h + h);
      for (let j = 0; j < i; j++) e[j] -= hh * d[j];
      for (let j = 0; j < i; j++) {
        f = d[j];
        g = e[j];
        for (let k = j; k <= i - 1; k++) v[j * n + k] = v[j * n + k] - (f * e[k] + g * d[k]);
        d[j] = v[j * n + i - 1];
        v[j * n + i] = 0;
      }
    }
    d[i] = h;
  }
  for (let i = 0; i < n - 1; i++) {
    v[i * n + n - 1] = v[i * n + i];
    v[i * n + i] = 1;
    h = d[i + 1];
    if (h !== 0) {
      for (let k = 0; k <= i; k++) d[k] = v[(i + 1) * n + k] / h;
      for (let j = 0; j <= i; j++) {
        g = 0;
        for (let k = 0; k <= i; k++) g += v[(i + 1) * n + k] * v[j * n + k];
        for (let k = 0; k <= i; k++) v[j * n + k] = v[j * n + k] - g * d[k];
      }
    }
    for (let k = 0; k <= i; k++) v[(i + 1) * n + k] = 0;
  }
  for (let j = 0; j < n; j++) {
    d[j] = v[j * n + n - 1];
    v[j * n + n - 1] = 0;
  }
  v[(n - 1) * n + n - 1] = 1;
  e[0] = 0;
}

/** tql2: diagonalizes the tridiagonal (d, e), accumulating into V; sorts ascending. */
function diagonalize(n: number, e: Float64Array, d: Float64Array, v: Float64Array): void {
  for (let i = 1; i < n; i++) e[i - 1] = e[i];
  e[n - 1] = 0;
  let f = 0;
  let tst1 = 0;
  const eps = Number.EPSILON;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
    let m = l;
    while (m < n) {
      if (Math.abs(e[m]) <= eps * tst1) break;
      m++;
    }
    if (m > l) {
      do {
        let g = d[l];
        let p = (d[l + 1] - g) / (2 * e[l]);
        let r = hypotenuse(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l] / (p + r);
        d[l + 1] = e[l] * (p + r);
        const dl1 = d[l + 1];
        let h = g - d[l];
        for (let i = l + 2; i < n; i++) d[i] -= h;
        f = f + h;
        p = d[m];
        let c = 1;
        let c2 = c;
        let c3 = c;
        const el1 = e[l + 1];
        let s = 0;
        let s2 = 0;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i];
          h = c * p;
          r = hypotenuse(p, e[i]);
          e[i + 1] = s * r;
          s = e[i] / r;
          c = p / r;
          p = c * d[i] - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]);
          for (let k = 0; k < n; k++) {
            h = v[(i + 1) * n + k];
            v[(i + 1) * n + k] = s * v[i * n + k] + c * h;
            v[i * n + k] = c * v[i * n + k] - s * h;
          }
        }
        p = (-s * s2 * c3 * el1 * e[l]) / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(e[l]) > eps * tst1);
    }
    d[l] = d[l] + f;
    e[l] = 0;
  }
  for (let i = 0; i < n - 1; i++) {
    let k = i;
    let p = d[i];
    for (let j = i + 1; j < n; j++) {
      if (d[j] < p) {
        k = j;
        p = d[j];
      }
    }
    if (k !== i) {
      d[k] = d[i];
      d[i] = p;
      for (let j = 0; j < n; j++) {
        p = v[i * n + j];
        v[i * n + j] = v[k * n + j];
        v[k * n + j] = p;
      }
    }
  }
}

/** √(a² + b²) without overflow, ml-matrix's form. */
function hypotenuse(a: number, b: number): number {
  if (Math.abs(a) > Math.abs(b)) {
    const r = b / a;
    return Math.abs(a) * Math.sqrt(1 + r * r);
  }
  if (b !== 0) {
    const r = a / b;
    return Math.abs(b) * Math.sqrt(1 + r * r);
  }
  return 0;
}
