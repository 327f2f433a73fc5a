/**
 * The chunk task of the bb solver's pair state (kernels/bb-state.ts's PairState):
 * products.wat's `bbPairs`, the bb column kernel (js/bb-columns.ts) for depth 2 with two columns
 * per float64x2 lane pair, on a memory of its own. Chunks of CHUNK_PAIRS pairs are the loop
 * form's chunks of BB_CHUNK_COLUMNS columns, so the residual parts match too.
 */
import { BB_CHUNK_COLUMNS, BB_MEMORY } from '../js/bb-columns';
import { thisThread } from '../threads/task-registry';
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

/** What `wasm-bb-pair-chunks` reads: PairChunks's layout (bb-state.ts) and its segments. */
export interface BbPairChunksPayload extends MemoryPayload {
  at: Record<string, number>;
}

/**
 * The chunk task `wasm-bb-pair-chunks` (tasks.ts): chunk c's columns of a PairChunks solve from
 * float32 rows to float32 rows in this thread's area: its C and x0 into pairs (the second lane
 * of an odd last pair zero, as PairState.load leaves it), the steps reset, then bbPairs for the
 * start pass and each segment (their numbers at plan + 48·call, their residuals at
 * out + 16·(call·chunks + c)), and x back into the rows x0 came from.
 */
export function bbPairChunksChunk(p: BbPairChunksPayload, c: number): void {
  const a = p.at;
  const { n, chunks } = a;
  const j0 = c * BB_CHUNK_COLUMNS;
  const cols = Math.min(BB_CHUNK_COLUMNS, a.r - j0);
  const pairs = (cols + 1) >> 1;
  const area = a.areas + thisThread.index * a.areaBytes;
  const on = (name: string) => area + a[`area.${name}`];
  const ex = exportsOn(p) as Record<string, (...args: number[]) => void>;
  ex.pairsFromRows32(a.stageC + 4 * j0 * n, on('c'), cols, n);
  ex.pairsFromRows32(a.stageX + 4 * j0 * n, on('x'), cols, n);
  const f64 = new Float64Array(p.memory.buffer);
  if (cols % 2) {
    for (let i = 0; i < n; i++) {
      const lane = (((pairs - 1) * n + i) << 1) | 1;
      f64[on('c') / 8 + lane] = f64[on('x') / 8 + lane] = 0;
    }
  }
  const eta0 = f64[(a.plan + 16) / 8];
  f64.fill(eta0, on('eta') / 8, on('eta') / 8 + 2 * pairs);
  f64.fill(0, on('level') / 8, on('level') / 8 + 2 * pairs);
  f64.fill(0, on('recent') / 8, on('recent') / 8 + 2 * BB_MEMORY * pairs);
  const padded = cols % 2 ? pairs - 1 : -1;
  for (let call = 0; call <= a.segments; call++) {
    ex.bbPairs(
      a.G,
      n,
      on('c'),
      on('u'),
      on('x'),
      on('gx'),
      on('pu'),
      on('pd'),
      on('eta'),
      on('level'),
      on('recent'),
      0,
      pairs,
      padded,
      a.plan + 48 * call,
      on('scratch'),
      a.out + 16 * (call * chunks + c),
    );
  }
  ex.pairsToRows32(on('x'), a.stageX + 4 * j0 * n, cols, n);
}
