/**
 * The Swimmer data set (Donoho & Stodden, "When does non-negative matrix factorization give a
 * correct decomposition into parts?", NIPS 2003), generated in code.
 *
 * Each 32 × 32 binary image shows a fixed torso and four limbs (left arm, right arm, left
 * leg, right leg), each limb in one of four positions: 4⁴ = 256 images. The 16 limb parts are
 * pairwise disjoint across limbs and disjoint from the torso, so every image is exactly
 * torso + Σ (one part per limb): the ground truth an NMF with k = 16 (+ torso) should find.
 */
import type { DenseMatrix } from './types';

export const SWIMMER_SIZE = 32;
const LIMB_LENGTH = 7;
/** Limb angles in degrees, measured from the limb's rest direction (up for arms, down for legs). */
const LIMB_ANGLES = [10, 50, 90, 130];
/** Torso: columns 15–16, rows 8–23, plus the four joint pixels beside its ends. */
const TORSO = { rows: [8, 23], cols: [15, 16] } as const;
/** Limbs in image order: joint pixel, vertical rest direction (−1 up, +1 down), side (−1 left). */
const LIMBS = [
  { name: 'left arm', joint: [8, 14], vertical: -1, side: -1 },
  { name: 'right arm', joint: [8, 17], vertical: -1, side: 1 },
  { name: 'left leg', joint: [23, 14], vertical: 1, side: -1 },
  { name: 'right leg', joint: [23, 17], vertical: 1, side: 1 },
] as const;

export interface Swimmer {
  /** 256 × 1024, row `64a + 16b + 4c + d` has the limbs in positions (a, b, c, d). */
  X: DenseMatrix;
  /** 16 × 1024, row `4·limb + position`: the pixels of one limb in one position (0/1). */
  parts: DenseMatrix;
  /** 1 × 1024: the torso, present in every image. */
  torso: DenseMatrix;
  /** 256 × 4: the position (0–3) of each limb in each image. */
  positions: number[][];
  limbNames: string[];
  imageShape: [number, number];
}

function pixel(r: number, c: number): number {
  return r * SWIMMER_SIZE + c;
}

/** Pixels of one limb in one position: a rasterized segment from beside the joint outward. */
function limbPixels(limb: (typeof LIMBS)[number], angleDeg: number): number[] {
  const a = (angleDeg * Math.PI) / 180;
  const dr = limb.vertical * Math.cos(a);
  const dc = limb.side * Math.sin(a);
  const out = new Set<number>();
  for (let t = 1; t <= LIMB_LENGTH; t++) {
    out.add(pixel(Math.round(limb.joint[0] + t * dr), Math.round(limb.joint[1] + t * dc)));
  }
  return [...out];
}

/** Generates the 256 Swimmer images with their ground-truth parts (deterministic, no seed). */
export function generateSwimmer(): Swimmer {
  const n = SWIMMER_SIZE * SWIMMER_SIZE;
  const torso = new Float32Array(n);
  for (let r = TORSO.rows[0]; r <= TORSO.rows[1]; r++) {
    for (let c = TORSO.cols[0]; c <= TORSO.cols[1]; c++) torso[pixel(r, c)] = 1;
  }
  for (const limb of LIMBS) torso[pixel(limb.joint[0], limb.joint[1])] = 1;
  const parts = new Float32Array(16 * n);
  LIMBS.forEach((limb, l) =>
    LIMB_ANGLES.forEach((angle, p) => {
      for (const px of limbPixels(limb, angle)) parts[(4 * l + p) * n + px] = 1;
    }),
  );
  const X = new Float32Array(256 * n);
  const positions: number[][] = [];
  for (let i = 0; i < 256; i++) {
    const pos = [(i >> 6) & 3, (i >> 4) & 3, (i >> 2) & 3, i & 3];
    positions.push(pos);
    const row = X.subarray(i * n, (i + 1) * n);
    row.set(torso);
    pos.forEach((p, l) => {
      const part = parts.subarray((4 * l + p) * n, (4 * l + p + 1) * n);
      for (let j = 0; j < n; j++) row[j] += part[j];
    });
  }
  return {
    X: { data: X, shape: [256, n] },
    parts: { data: parts, shape: [16, n] },
    torso: { data: torso, shape: [1, n] },
    positions,
    limbNames: LIMBS.map((l) => l.name),
    imageShape: [SWIMMER_SIZE, SWIMMER_SIZE],
  };
}
