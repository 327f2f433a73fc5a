/**
 * The fused single-right-hand-side NNLS iterations of the overparametrized solvers, written
 * once as plain loops over Float32Array data: the kernels of the `cpu` and `wasm` backends
 * (and of `tensorflow` on the CPU, see nnls-register.ts). Layout: G is `n × n` row-major,
 * every `n × r` matrix row-major, every `1 × r` row a length-r array. Sums are accumulated in
 * float64 and each output is rounded to float32 once.
 *
 * The math of each step is stated where its solver is defined (src/nnls/overparam*.ts); the
 * composite kernels (nnls-composite.ts) compute the same in tf kernels.
 */

/** out = G·x (`n × r`), accumulated in float64. */
export function gramTimes(
  G: Float32Array,
  x: ArrayLike<number>,
  n: number,
  r: number,
): Float64Array {
  const out = new Float64Array(n * r);
  if (r === 1) {
    // Four independent sums: the additions pipeline instead of waiting on one another.
    const n4 = n - (n % 4);
    for (let i = 0; i < n; i++) {
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      const row = i * n;
      for (let k = 0; k < n4; k += 4) {
        s0 += G[row + k] * x[k];
        s1 += G[row + k + 1] * x[k + 1];
        s2 += G[row + k + 2] * x[k + 2];
        s3 += G[row + k + 3] * x[k + 3];
      }
      for (let k = n4; k < n; k++) s0 += G[row + k] * x[k];
      out[i] = s0 + s1 + (s2 + s3);
    }
    return out;
  }
  for (let i = 0; i < n; i++) {
    const row = i * n;
    const o = i * r;
    for (let k = 0; k < n; k++) {
      const gik = G[row + k];
      if (gik === 0) continue;
      const xk = k * r;
      for (let j = 0; j < r; j++) out[o + j] += gik * x[xk + j];
    }
  }
  return out;
}

/** v^p for small integer p ≥ 0 as repeated products, else Math.pow. */
function ipow(v: number, p: number): number {
  if (p === 0) return 1;
  if (p === 1) return v;
  if (p === 2) return v * v;
  if (p === 3) return v * v * v;
  return Math.pow(v, p);
}

/** Dimensions and the read-only inputs every step shares. */
export interface GramInputs {
  G: Float32Array;
  C: ArrayLike<number>;
  n: number;
  r: number;
}

/** `overparam-nesterov` (src/nnls/overparam-nesterov.ts): returns u⁺, x⁺ = (u⁺)^L, since⁺. */
export function nesterovStep(
  { G, C, n, r }: GramInputs,
  u: ArrayLike<number>,
  uPrev: ArrayLike<number>,
  since: ArrayLike<number>,
  depth: number,
  rate: number,
  lipschitz: number,
): [Float32Array, Float32Array, Float32Array] {
  const L = depth;
  const size = n * r;
  const v = new Float32Array(size);
  const xv = new Float32Array(size);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < r; j++) {
      const e = i * r + j;
      const beta = since[j] / (since[j] + 3);
      let vi = u[e] + beta * (u[e] - uPrev[e]);
      if (L % 2 === 1) vi = Math.max(vi, 0.5 * u[e]);
      v[e] = vi;
      xv[e] = ipow(vi, L);
    }
  }
  const gx = gramTimes(G, xv, n, r);
  const g = new Float64Array(size);
  const xMax = new Float64Array(r).fill(-Infinity);
  const bend = new Float64Array(r).fill(-Infinity);
  const shrink = new Float64Array(r).fill(-Infinity);
  for (let e = 0; e < size; e++) {
    const j = e % r;
    g[e] = Math.fround(gx[e] - C[e]);
    const ug = ipow(v[e], L - 2) * g[e];
    if (xv[e] > xMax[j]) xMax[j] = xv[e];
    if (Math.abs(ug) > bend[j]) bend[j] = Math.abs(ug);
    if (ug > shrink[j]) shrink[j] = ug;
  }
  const eta = new Float64Array(r);
  for (let j = 0; j < r; j++) {
    const gauss = Math.pow(xMax[j], 2 - 2 / L) * L * L * lipschitz;
    const curvature = Math.max(gauss + bend[j] * L * (L - 1), 2 * L * shrink[j]);
    eta[j] = Math.fround(Math.fround(1 / Math.max(curvature, 1e-30)) * rate);
  }
  const uNext = new Float32Array(size);
  const xNext = new Float32Array(size);
  const uphill = new Float64Array(r);
  for (let e = 0; e < size; e++) {
    const j = e % r;
    const dir = Math.fround(L * ipow(v[e], L - 1) * g[e]);
    uNext[e] = v[e] - eta[j] * dir;
    xNext[e] = ipow(uNext[e], L);
    uphill[j] += dir * (uNext[e] - u[e]);
  }
  const sinceNext = new Float32Array(r);
  for (let j = 0; j < r; j++) sinceNext[j] = uphill[j] > 0 ? 0 : since[j] + 1;
  return [uNext, xNext, sinceNext];
}

/**
 * `overparam` with the `fixed` rule (src/nnls/overparam.ts): from u, x = u^L and gx = G·x,
 * u⁺ = u − η·L·u^(L−1) ⊙ (gx − C); returns u⁺, x⁺ = (u⁺)^L and G·x⁺.
 */
export function fixedStep(
  { G, C, n, r }: GramInputs,
  u: ArrayLike<number>,
  gx: ArrayLike<number>,
  depth: number,
  eta: number,
): [Float32Array, Float32Array, Float32Array] {
  const size = n * r;
  const dir = uGradientAt(u, gx, C, depth);
  const uNext = new Float32Array(size);
  const xNext = new Float32Array(size);
  for (let e = 0; e < size; e++) {
    uNext[e] = u[e] - eta * dir[e];
    xNext[e] = ipow(uNext[e], depth);
  }
  return [uNext, xNext, Float32Array.from(gramTimes(G, xNext, n, r))];
}

/** ∇ᵤℒ = L·u^(L−1) ⊙ (gx − C) from gx = G·u^L: the direction of every `overparam` step. */
export function uGradientAt(
  u: ArrayLike<number>,
  gx: ArrayLike<number>,
  C: ArrayLike<number>,
  depth: number,
): Float32Array {
  const dir = new Float32Array(u.length);
  for (let e = 0; e < u.length; e++) dir[e] = depth * ipow(u[e], depth - 1) * (gx[e] - C[e]);
  return dir;
}

/** x = u^L entrywise. */
export function powerOf(u: ArrayLike<number>, depth: number): Float32Array {
  const x = new Float32Array(u.length);
  for (let e = 0; e < u.length; e++) x[e] = ipow(u[e], depth);
  return x;
}

/**
 * ℒ(u) = ½⟨x, Gx⟩ − ⟨C, x⟩ with x = u^L, summed over the columns: ½‖A u^L − B‖²_F less the
 * constant ½‖B‖²_F; and its gradient ∇ᵤℒ (the `overparam` step direction).
 */
export function overparamLoss(
  { G, C, n, r }: GramInputs,
  u: ArrayLike<number>,
  depth: number,
): [number, Float32Array] {
  const x = powerOf(u, depth);
  const gx = gramTimes(G, x, n, r);
  let loss = 0;
  for (let e = 0; e < x.length; e++) loss += x[e] * (0.5 * gx[e] - C[e]);
  return [loss, uGradientAt(u, gx, C, depth)];
}

/** The state of the `bb` rule besides the iterate (see src/nnls/overparam.ts `bbRule`). */
export interface BbState {
  /** Last step per column (`1 × r`). */
  eta: ArrayLike<number>;
  /** f − f(x₀) per column (`1 × r`). */
  level: ArrayLike<number>;
  /** The last `memory` accepted levels (`memory × r`, oldest first). */
  recent: ArrayLike<number>;
  /** The previous u and ∇ℒ(u) (`n × r`), or undefined before the first step. */
  uPrev?: ArrayLike<number>;
  dirPrev?: ArrayLike<number>;
}

/**
 * `overparam` with the `bb` rule: one safeguarded Barzilai–Borwein step. Returns
 * [u, x, gx, eta, level, recent, uPrev, dirPrev]: the last two are the input u and ∇ℒ there,
 * for the next step's BB quotient.
 */
export function bbStep(
  { G, C, n, r }: GramInputs,
  u: ArrayLike<number>,
  x: ArrayLike<number>,
  gx: ArrayLike<number>,
  s: BbState,
  depth: number,
  eta0: number,
  armijoC: number,
): Float32Array[] {
  const size = n * r;
  const L = depth;
  const g = new Float32Array(size);
  const dir = new Float32Array(size);
  const sy = new Float64Array(r);
  const ss = new Float64Array(r);
  const dd = new Float64Array(r);
  for (let e = 0; e < size; e++) {
    const j = e % r;
    g[e] = gx[e] - C[e];
    dir[e] = L * ipow(u[e], L - 1) * g[e];
    dd[j] += dir[e] * dir[e];
    if (s.uPrev && s.dirPrev) {
      const du = u[e] - s.uPrev[e];
      sy[j] += du * (dir[e] - s.dirPrev[e]);
      ss[j] += du * du;
    }
  }
  const trial = new Float32Array(r);
  for (let j = 0; j < r; j++) {
    const t = s.uPrev && sy[j] > 0 ? ss[j] / sy[j] : s.eta[j];
    trial[j] = Math.min(Math.max(t, eta0 * 1e-10), eta0 * 1e10);
  }
  const uN = new Float32Array(size);
  const xN = new Float32Array(size);
  const uMin = new Float64Array(r).fill(Infinity);
  for (let e = 0; e < size; e++) {
    const j = e % r;
    uN[e] = u[e] - dir[e] * trial[j];
    xN[e] = ipow(uN[e], L);
    if (uN[e] < uMin[j]) uMin[j] = uN[e];
  }
  const gxN = Float32Array.from(gramTimes(G, xN, n, r));
  const change = new Float64Array(r);
  for (let e = 0; e < size; e++) {
    change[e % r] += (xN[e] - x[e]) * (g[e] + 0.5 * (gxN[e] - gx[e]));
  }
  const memory = s.recent.length / r;
  const ok = new Uint8Array(r);
  const etaOut = new Float32Array(r);
  const levelOut = new Float32Array(r);
  for (let j = 0; j < r; j++) {
    let worst = -Infinity;
    for (let m = 0; m < memory; m++) worst = Math.max(worst, s.recent[m * r + j]);
    // Rounded to float32 as the tf-op form rounds them: near a stationary point the test
    // accepts a step whose predicted decrease is below float32 resolution (and so moves on).
    const f = Math.fround;
    const next = f(s.level[j] + f(change[j]));
    const allowed = f(worst - f(f(trial[j] * f(dd[j])) * armijoC));
    ok[j] = next <= allowed && Number.isFinite(next) && uMin[j] >= 0 ? 1 : 0;
    levelOut[j] = ok[j] ? next : s.level[j];
    etaOut[j] = ok[j] ? trial[j] * 2 : trial[j] * 0.25;
  }
  const recentOut = new Float32Array(memory * r);
  recentOut.set(Array.prototype.slice.call(s.recent, r) as number[]);
  recentOut.set(levelOut, (memory - 1) * r);
  const uOut = new Float32Array(size);
  const xOut = new Float32Array(size);
  const gxOut = new Float32Array(size);
  for (let e = 0; e < size; e++) {
    const keep = !ok[e % r];
    uOut[e] = keep ? u[e] : uN[e];
    xOut[e] = keep ? x[e] : xN[e];
    gxOut[e] = keep ? gx[e] : gxN[e];
  }
  return [uOut, xOut, gxOut, etaOut, levelOut, recentOut, Float32Array.from(u), dir];
}

/** `overparam-mirror` (src/nnls/overparam-mirror.ts): returns x⁺, z⁺, since⁺. */
export function mirrorStep(
  { G, C, n, r }: GramInputs,
  x: ArrayLike<number>,
  z: ArrayLike<number>,
  since: ArrayLike<number>,
  eta: number,
): [Float32Array, Float32Array, Float32Array] {
  const size = n * r;
  const xN = new Float32Array(size);
  for (let e = 0; e < size; e++) {
    const j = e % r;
    xN[e] = ((since[j] + 2) * x[e] + 2 * Math.exp(z[e])) / (since[j] + 4);
  }
  const gx = gramTimes(G, xN, n, r);
  const g = new Float64Array(size);
  const uphill = new Float64Array(r);
  for (let e = 0; e < size; e++) {
    g[e] = Math.fround(gx[e] - C[e]);
    uphill[e % r] += g[e] * (xN[e] - x[e]);
  }
  const zOut = new Float32Array(size);
  const sinceOut = new Float32Array(r);
  for (let j = 0; j < r; j++) sinceOut[j] = uphill[j] > 0 ? 0 : since[j] + 1;
  for (let e = 0; e < size; e++) {
    const j = e % r;
    zOut[e] =
      uphill[j] > 0 ? Math.log(Math.max(xN[e], 1e-38)) : z[e] - (since[j] + 2) * (eta / 2) * g[e];
  }
  return [xN, zOut, sinceOut];
}

/** One APG step with adaptive restart (src/nnls/apg.ts): returns x⁺, y⁺, t⁺. */
export function apgStep(
  { G, C, n, r }: GramInputs,
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  t: ArrayLike<number>,
  eta: number,
): [Float32Array, Float32Array, Float32Array] {
  const size = n * r;
  const gy = gramTimes(G, y, n, r);
  const xN = new Float32Array(size);
  const turn = new Float64Array(r);
  for (let e = 0; e < size; e++) {
    const g = Math.fround(gy[e] - C[e]);
    xN[e] = Math.max(0, y[e] - g * eta);
    turn[e % r] += (y[e] - xN[e]) * (xN[e] - x[e]);
  }
  const tN = new Float32Array(r);
  const beta = new Float64Array(r);
  for (let j = 0; j < r; j++) {
    const restart = turn[j] > 0;
    tN[j] = restart ? 1 : 0.5 * (1 + Math.sqrt(1 + 4 * t[j] * t[j]));
    beta[j] = restart ? 0 : (t[j] - 1) / tN[j];
  }
  const yN = new Float32Array(size);
  for (let e = 0; e < size; e++) yN[e] = xN[e] + beta[e % r] * (xN[e] - x[e]);
  return [xN, yN, tN];
}
