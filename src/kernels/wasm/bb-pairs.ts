/**
 * The chunk task of the bb solver's pair state (kernels/bb-state.ts's PairState):
 * products.wat's `bbPairs`, the bb column kernel (js/bb-columns.ts) for depth 2 with two columns
 * per float64x2 lane pair, on a memory of its own. Chunks of CHUNK_PAIRS pairs are the loop
 * form's chunks of BB_CHUNK_COLUMNS columns, so the residual parts match too.
 */
import { BB_CHUNK_COLUMNS } from '../js/bb-columns';
import { exportsOn, type MemoryPayload } from './own-memory';

/** Pairs of columns per chunk. */
export const CHUNK_PAIRS = BB_CHUNK_COLUMNS / 2;

/** What the task reads: the byte offsets and sizes of PairState's layout (see bbPairs). */
export interface BbPairsPayload extends MemoryPayload {
  at: Record<string, number>;
}

type BbPairs = (...args: number[]) => void;

/** The chunk task `wasm-bb-pairs` (tasks.ts): bbPairs on chunk c's pairs. */
export function bbPairsChunk(p: BbPairsPayload, c: number): void {
  const a = p.at;
  const q0 = c * CHUNK_PAIRS;
  const q1 = Math.min(a.pairs, q0 + CHUNK_PAIRS);
  const bbPairs = exportsOn(p).bbPairs as BbPairs;
  bbPairs(
    a.G,
    a.n,
    a.c,
    a.u,
    a.x,
    a.gx,
    a.pu,
    a.pd,
    a.eta,
    a.level,
    a.recent,
    q0,
    q1,
    a.padded,
    a.call,
    a.scratch + c * a.scratchBytes,
    a.out + 16 * c,
  );
}
