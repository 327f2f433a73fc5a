/** Power iteration for the largest eigenvalue of a symmetric positive semi-definite matrix. */
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../random';

/**
 * Largest eigenvalue of the symmetric PSD matrix `G` (`n × n`) by power iteration from a
 * seeded random start, returned with a 1% safety margin (power iteration approaches from
 * below; step sizes 1/L need an upper estimate). Returns 0 for G = 0.
 */
export function largestEigenvalue(G: tf.Tensor2D, seed = 0, iterations = 60): number {
  const n = G.shape[0];
  const rng = new Rng(seed ^ 0x5eed);
  const start = Float32Array.from({ length: n }, () => 1 + 0.1 * rng.normal());
  const estimate = tf.tidy(() => {
    let v = tf.tensor2d(start, [n, 1]);
    v = tf.div(v, tf.add(tf.norm(v), 1e-30));
    let w = tf.matMul(G, v);
    for (let i = 0; i < iterations; i++) {
      const norm = tf.norm(w);
      v = tf.div(w, tf.add(norm, tf.scalar(1e-38)));
      w = tf.matMul(G, v);
    }
    return tf.sum(tf.mul(v, w));
  });
  const value = estimate.dataSync()[0];
  estimate.dispose();
  return Number.isFinite(value) && value > 0 ? value * 1.01 : 0;
}
