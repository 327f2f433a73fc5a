/**
 * The chunk tasks of the bb solver's WebAssembly states (kernels/bb-state.ts), on memories of
 * their own: PairState's, products.wat's `bbPairs` (the bb column kernel of js/bb-columns.ts for
 * depth 2, two columns per float64x2 lane pair), and QuadChunks's, `bbQuads` (js/bb-columns32.ts,
 * four columns per float32x4). Chunks of CHUNK_PAIRS pairs or CHUNK_QUADS quads are the loop
 * forms' chunks of BB_CHUNK_COLUMNS columns, so the residual parts match too.
 */
import { BB_CHUNK_COLUMNS, BB_MEMORY } from '../js/bb-columns';
import { thisThread } from '../threads/task-registry';
import { exportsOn, viewsOf, type MemoryPayload } from './own-memory';

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

/** Quads of columns (four float32 lanes) per chunk of QuadChunks. */
export const CHUNK_QUADS = BB_CHUNK_COLUMNS / 4;

/** What `wasm-bb-quad-chunks` reads: QuadChunks's layout (bb-state.ts) and its segments. */
export interface BbQuadChunksPayload extends MemoryPayload {
  at: Record<string, number>;
}

/**
 * The chunk task `wasm-bb-quad-chunks` (tasks.ts): chunk c's columns of a QuadChunks solve from
 * float32 rows to float32 rows in this thread's area: its C and x0 into quads (the lanes past
 * the last column zero), the steps reset, then products.wat's `bbQuads` (float32, the bits of
 * js/bb-columns32.ts) for the start pass and each segment (their numbers at plan + 48·call,
 * their residuals at out + 16·(call·chunks + c)), and x back into the rows x0 came from.
 */
export function bbQuadChunksChunk(p: BbQuadChunksPayload, c: number): void {
  const a = p.at;
  const { n, chunks } = a;
  const j0 = c * BB_CHUNK_COLUMNS;
  const cols = Math.min(BB_CHUNK_COLUMNS, a.r - j0);
  const quads = (cols + 3) >> 2;
  const area = a.areas + thisThread.index * a.areaBytes;
  // The area's arrays as locals: a closure (or a template string) per call was garbage on every
  // chunk of every half-step.
  const cAt = area + a['area.c'];
  const uAt = area + a['area.u'];
  const xAt = area + a['area.x'];
  const etaAt = area + a['area.eta'];
  const levelAt = area + a['area.level'];
  const recentAt = area + a['area.recent'];
  const ex = exportsOn(p) as Record<string, (...args: number[]) => void>;
  ex.quadsFromRows32(a.stageC + 4 * j0 * n, cAt, cols, n);
  ex.quadsFromRows32(a.stageX + 4 * j0 * n, xAt, cols, n);
  const { f32, f64 } = viewsOf(p.memory.buffer);
  f32.fill(f64[(a.plan + 16) >> 3], etaAt / 4, etaAt / 4 + 4 * quads);
  f32.fill(0, levelAt / 4, levelAt / 4 + 4 * quads);
  f32.fill(0, recentAt / 4, recentAt / 4 + 4 * BB_MEMORY * quads);
  for (let call = 0; call <= a.segments; call++) {
    ex.bbQuads(
      a.G,
      n,
      cAt,
      uAt,
      xAt,
      area + a['area.gx'],
      area + a['area.pu'],
      area + a['area.pd'],
      etaAt,
      levelAt,
      recentAt,
      0,
      quads,
      cols,
      a.plan + 48 * call,
      area + a['area.scratch'],
      a.out + 16 * (call * chunks + c),
    );
  }
  ex.quadsToRows32(xAt, a.stageX + 4 * j0 * n, cols, n);
}
