/** Known-answer data for rank selection: X = W H + noise with a planted non-negative rank. */
import { Rng } from '../../src/random';

/**
 * W (`n × k`) and H (`k × m`) with half their entries 0 and the rest uniform in [0.2, 1.2);
 * Gaussian noise scaled to ‖E‖_F = noise · ‖WH‖_F is added and the sum clipped at 0.
 */
export function planted(n: number, m: number, k: number, noise: number, seed: number) {
  const rng = new Rng(seed);
  const entry = () => (rng.uniform() < 0.5 ? rng.uniform() + 0.2 : 0);
  const W = Float64Array.from({ length: n * k }, entry);
  const H = Float64Array.from({ length: k * m }, entry);
  const clean = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let t = 0; t < k; t++) s += W[i * k + t] * H[t * m + j];
      clean[i * m + j] = s;
    }
  }
  const E = rng.normals(n * m);
  const norm = (a: Float64Array) => Math.sqrt(a.reduce((s, v) => s + v * v, 0));
  const scale = (noise * norm(clean)) / norm(E);
  const data = Float32Array.from(clean, (v, i) => Math.max(0, v + scale * E[i]));
  return { data, shape: [n, m] as [number, number] };
}

/** The matrix as CSV text. */
export function csv(X: { data: Float32Array; shape: [number, number] }): string {
  const [n, m] = X.shape;
  return (
    Array.from({ length: n }, (_, i) =>
      Array.from(X.data.subarray(i * m, (i + 1) * m)).join(','),
    ).join('\n') + '\n'
  );
}
