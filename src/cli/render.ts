/** Turning fitted factors into the CLI's pictures, topic lists and curves. */
import type { NmfIterationInfo } from '../nmf';
import { imageGrid, type LossCurve } from '../report';

/** A factor read back from its tensor: row-major values and shape. */
export interface Factor {
  data: Float32Array;
  shape: [number, number];
}

/** The components (rows of H, `k × h·w`) as a PNG grid; tiles about 84 px wide. */
export function componentsPicture(H: Factor, imageShape: [number, number]): Buffer {
  const scale = Math.max(1, Math.ceil(84 / Math.max(...imageShape)));
  return imageGrid(H, imageShape, { scale });
}

/** A run's check points as a loss curve. */
export function curveOf(name: string, history: NmfIterationInfo[]): LossCurve {
  return {
    name,
    iteration: history.map((h) => h.iteration),
    seconds: history.map((h) => h.seconds),
    loss: history.map((h) => h.loss),
  };
}

/** Sum of the entries of a non-negative factor (its l1 norm). */
export function l1Norm(M: Factor): number {
  let s = 0;
  for (const v of M.data) s += Math.abs(v);
  return s;
}
