/**
 * Where overparamGramBb keeps its iterate, and the chunk tasks that advance it, in two forms:
 *
 * - `ColumnState`: shared Float64Arrays, column after column, advanced by the JavaScript
 *   kernel of js/bb-columns.ts (any depth; the chunk task `bb-columns`);
 * - `PairState`: a shared WebAssembly memory holding the columns in pairs (one per float64
 *   lane), advanced by products.wat's `bbPairs` (wasm/bb-pairs.ts, the task `wasm-bb-pairs`;
 *   depth 2, where WebAssembly SIMD and shared memory exist): the same arithmetic in the same
 *   order, so the same bits, ≈2× faster.
 *
 * Both cut the columns into the same chunks (BB_CHUNK_COLUMNS), so the residual parts match too.
 *
 * - `QuadChunks`: the same method in float32 (js/bb-columns32.ts, and products.wat's `bbQuads`
 *   with four columns per float32x4 lane group: the same bits), for anls's half-steps, whose C,
 *   warm start and result are float32 rows: each chunk task takes its columns through the whole
 *   solve at once (load, start pass, every segment between checks, solution) in its thread's
 *   own area, so that only float32 C and x (8·n·r bytes) outlive a chunk. `ColumnState` with
 *   `float32` is its JavaScript form (task `bb-columns32`).
 */
import { MAX_KERNEL_BYTES, kernelModule } from './wasm/kernel-memory';
import { sharedFloat64 } from './threads/kernel-threads';
import type { ChunkTask } from './threads/tasks';
import {
  exportsOn,
  growMemory,
  memoryPayload,
  ownMemory,
  releaseKernel,
  releaseMemory,
} from './wasm/own-memory';
import {
  CHUNK_PAIRS,
  CHUNK_QUADS,
  type BbPairsPayload,
  type BbQuadChunksPayload,
} from './wasm/bb-pairs';
import { MAX_WORKERS } from './threads/protocol';
import { BB_CHUNK_COLUMNS, BB_MEMORY, NEVER_SWITCH, type BbColumns } from './js/bb-columns';

/** The scalars of one solve. */
export interface BbScalars {
  depth: number;
  eta0: number;
  lipschitz: number;
  floor: number;
  /** The first iteration of the projected phase (js/bb-columns.ts; NEVER_SWITCH: none). */
  switchAt: number;
}

/**
 * How C, x0 and the solution are laid out: `rows`, `n × r` row-major (the problem's own form),
 * or `columns`, `r × n` row-major (column j contiguous: W itself for anls's W half).
 */
export type BbLayout = 'rows' | 'columns';

/** Entry (i, j) of an `n × r` array in the layout sits at i·rowStep + j·columnStep. */
function steps(layout: BbLayout, n: number, r: number): [number, number] {
  return layout === 'rows' ? [r, 1] : [1, n];
}

export interface BbState {
  readonly chunks: number;
  /** Loads G (`n × n`), C and x0 (`n × r`) and resets the steps to eta0. */
  load(
    G: Float64Array,
    C: ArrayLike<number>,
    x0: ArrayLike<number>,
    eta0: number,
    layout: BbLayout,
  ): void;
  /** The task that runs iterations k0 ≤ k < k1 (init: first the start pass) on every chunk. */
  task(k0: number, k1: number, init: boolean, scalars: BbScalars): ChunkTask;
  /**
   * Σ min(λx, Gx − c)² over all columns after the last task, and of the warm start (init):
   * the chunks' sums added in chunk order.
   */
  residualSum(): number;
  startSum(): number;
  /** The iterate x (`n × r` in the layout) into out. */
  solution(out: Float64Array | Float32Array, layout: BbLayout): void;
  /** Lets go of what outlives the state otherwise (a cached instance on this thread). */
  dispose(): void;
}

export class ColumnState implements BbState {
  readonly chunks: number;
  private readonly S: BbColumns;

  /** @param float32 whether the chunks run js/bb-columns32.ts (float32, depth 2) */
  constructor(
    private readonly n: number,
    private readonly r: number,
    private readonly float32 = false,
  ) {
    this.chunks = Math.ceil(r / BB_CHUNK_COLUMNS);
    const vector = () => sharedFloat64(n * r);
    this.S = {
      G: sharedFloat64(n * n),
      n,
      r,
      depth: 2,
      eta0: 1,
      lipschitz: 1,
      floor: 0,
      switchAt: NEVER_SWITCH,
      c: vector(),
      u: vector(),
      x: vector(),
      gx: vector(),
      prevU: vector(),
      prevDir: vector(),
      eta: sharedFloat64(r),
      level: sharedFloat64(r),
      recent: sharedFloat64(r * BB_MEMORY),
      kkt: sharedFloat64(this.chunks),
      startKkt: sharedFloat64(this.chunks),
    };
  }

  load(
    G: Float64Array,
    C: ArrayLike<number>,
    x0: ArrayLike<number>,
    eta0: number,
    layout: BbLayout,
  ): void {
    const { S, n, r } = this;
    // u and Gx are set by the start pass, the previous u and d before they are read (k > 0).
    S.G.set(G);
    if (layout === 'columns') {
      S.c.set(C);
      S.x.set(x0);
    } else {
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < r; j++) {
          S.c[j * n + i] = C[i * r + j];
          S.x[j * n + i] = x0[i * r + j];
        }
      }
    }
    S.eta.fill(eta0);
    S.level.fill(0);
    S.recent.fill(0);
  }

  task(k0: number, k1: number, init: boolean, scalars: BbScalars): ChunkTask {
    Object.assign(this.S, scalars);
    if (this.float32 && scalars.depth !== 2) throw new Error('float32 columns run depth 2 only');
    const task = this.float32 ? 'bb-columns32' : 'bb-columns';
    return { task, payload: { S: this.S, k0, k1, init }, chunks: this.chunks };
  }

  residualSum(): number {
    return inOrder(this.S.kkt, 0, 1, this.chunks);
  }

  startSum(): number {
    return inOrder(this.S.startKkt, 0, 1, this.chunks);
  }

  solution(out: Float64Array | Float32Array, layout: BbLayout): void {
    const { S, n, r } = this;
    if (layout === 'columns') out.set(S.x);
    else for (let j = 0; j < r; j++) for (let i = 0; i < n; i++) out[i * r + j] = S.x[j * n + i];
  }

  dispose(): void {}
}

/** Whether PairState can run here for n × r (WebAssembly SIMD, shared memory, room). */
export function pairStateAvailable(n: number, r: number): boolean {
  return kernelModule() !== null && pairLayout(n, r).bytes < MAX_KERNEL_BYTES;
}

/** The byte offsets of PairState's arrays (see bbPairs in products.wat) and their sizes. */
function pairLayout(n: number, r: number) {
  const pairs = Math.ceil(r / 2);
  const chunks = Math.ceil(pairs / CHUNK_PAIRS);
  const scratchBytes = 4 * n * 16;
  const at: Record<string, number> = { n, pairs, padded: r % 2 ? pairs - 1 : -1, scratchBytes };
  const bytes = place(at, [
    ['G', 16 * n * n], // G, then its packed copy (see pairMatvec in products.wat)
    ...blockArrays(pairs, n),
    ['scratch', scratchBytes * chunks],
    // C, x0 and the solution in rows (float32) on their way in and out (pairsFromRows32).
    ['stage', 4 * r * n],
    ['out', 16 * chunks],
    ['call', 48],
  ]);
  return { pairs, chunks, at, bytes };
}

/**
 * The one memory of this thread's states of a kind, grown to the largest of them: a state is
 * loaded afresh by each solve and read back before the next one starts (overparamGramBb runs to
 * the end synchronously), so states of different shapes — anls's W half (`k × n`) and H half
 * (`k × m`) — take turns on the same bytes instead of holding both. Given back (own-memory.ts's
 * releaseMemory: a later kernel memory takes its pages), this thread's cached instance on it
 * dropped, when the last state is disposed (workers drop theirs with the pool).
 */
class StateMemory {
  private shared?: { memory: WebAssembly.Memory; id: number };
  private live = 0;

  /** The memory, grown to at least `bytes`, for one more live state. */
  take(bytes: number): { memory: WebAssembly.Memory; id: number } {
    if (!this.shared) this.shared = ownMemory(bytes, MAX_KERNEL_BYTES);
    else growMemory(this.shared.memory, bytes);
    this.live++;
    return this.shared;
  }

  /** One live state fewer. */
  release(): void {
    if (--this.live > 0 || !this.shared) return;
    releaseKernel(this.shared.id);
    releaseMemory(this.shared.memory);
    this.shared = undefined;
  }
}

/** PairStates' memory and QuadChunks's. */
const pairMemory = new StateMemory();
const chunkMemory = new StateMemory();

export class PairState implements BbState {
  readonly chunks: number;
  private readonly memory: WebAssembly.Memory;
  private readonly id: number;
  /** Byte offsets of the arrays (see bbPairs in products.wat) and the sizes. */
  private readonly at: Record<string, number>;
  private readonly pairs: number;
  /** The tasks' payload, one object: posted to the workers once (the iteration goes in `call`). */
  private readonly payload: BbPairsPayload;
  /** Each chunk's residual parts, after the last task and of the warm start (set by load). */
  private parts!: Float64Array;
  /** The numbers of the next task (see bbPairs): four int32, then three float64 from +16. */
  private callInts!: Int32Array;
  private callFloats!: Float64Array;
  private disposed = false;

  constructor(
    private readonly n: number,
    private readonly r: number,
  ) {
    const layout = pairLayout(n, r);
    this.pairs = layout.pairs;
    this.chunks = layout.chunks;
    this.at = layout.at;
    ({ memory: this.memory, id: this.id } = pairMemory.take(layout.bytes));
    this.payload = { ...memoryPayload(this.memory, this.id), at: this.at };
  }

  /** A view of the memory as it is now (it may have grown since the last one). */
  private view(name: string, length: number): Float64Array {
    return new Float64Array(this.memory.buffer, this.at[name], length);
  }

  load(
    G: Float64Array,
    C: ArrayLike<number>,
    x0: ArrayLike<number>,
    eta0: number,
    layout: BbLayout,
  ): void {
    const { n, r, pairs } = this;
    this.parts = this.view('out', 2 * this.chunks);
    this.callInts = new Int32Array(this.memory.buffer, this.at.call, 4);
    this.callFloats = this.view('call', 6).subarray(2, 5);
    const g = this.view('G', 2 * n * n);
    g.set(G);
    packGram(G, n, g);
    const c = this.view('c', 2 * pairs * n);
    const x = this.view('x', 2 * pairs * n);
    if (layout === 'columns' && C instanceof Float32Array && x0 instanceof Float32Array) {
      // Float32 rows (anls's half-steps): interleaved into pairs in products.wat.
      this.fromRows(C, this.at.c);
      this.fromRows(x0, this.at.x);
    } else {
      const [rowStep, columnStep] = steps(layout, n, r);
      for (let j = 0; j < r; j++) {
        for (let i = 0; i < n; i++) {
          const p = (((j >> 1) * n + i) << 1) | (j & 1);
          c[p] = C[i * rowStep + j * columnStep];
          x[p] = x0[i * rowStep + j * columnStep];
        }
      }
    }
    if (r % 2)
      for (let i = 0; i < n; i++)
        c[((pairs - 1) * n + i) * 2 + 1] = x[((pairs - 1) * n + i) * 2 + 1] = 0;
    this.view('eta', 2 * pairs).fill(eta0);
    this.view('level', 2 * pairs).fill(0);
    this.view('recent', 2 * BB_MEMORY * pairs).fill(0);
  }

  task(k0: number, k1: number, init: boolean, s: BbScalars): ChunkTask {
    if (s.depth !== 2) throw new Error('PairState runs depth 2 only');
    this.callInts.set([k0, k1, init ? 1 : 0, Math.min(s.switchAt, NEVER_SWITCH)]);
    this.callFloats.set([s.eta0, s.lipschitz, s.floor]);
    return { task: 'wasm-bb-pairs', payload: this.payload, chunks: this.chunks };
  }

  residualSum(): number {
    return inOrder(this.parts, 0, 2, this.chunks);
  }

  startSum(): number {
    return inOrder(this.parts, 1, 2, this.chunks);
  }

  solution(out: Float64Array | Float32Array, layout: BbLayout): void {
    const { n, r } = this;
    if (layout === 'columns' && out instanceof Float32Array) {
      this.kernel('pairsToRows32')(this.at.x, this.at.stage, r, n);
      out.set(new Float32Array(this.memory.buffer, this.at.stage, r * n));
      return;
    }
    const x = this.view('x', 2 * this.pairs * n);
    const [rowStep, columnStep] = steps(layout, n, r);
    for (let j = 0; j < r; j++) {
      for (let i = 0; i < n; i++) {
        out[i * rowStep + j * columnStep] = x[(((j >> 1) * n + i) << 1) | (j & 1)];
      }
    }
  }

  /** Rows `r × n` (float32) into the pairs at byte offset `to`, through the stage. */
  private fromRows(rows: Float32Array, to: number): void {
    const { n, r } = this;
    new Float32Array(this.memory.buffer, this.at.stage, r * n).set(rows.subarray(0, r * n));
    this.kernel('pairsFromRows32')(this.at.stage, to, r, n);
  }

  /** One of products.wat's functions on this thread's instance on the memory. */
  private kernel(name: string): (...args: number[]) => void {
    return exportsOn(this.payload)[name] as (...args: number[]) => void;
  }

  /** Lets go of the shared memory (see StateMemory). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    pairMemory.release();
  }
}

/**
 * G's packed copy after G in g (`2·n·n` numbers): blocks of eight rows, then one of four and
 * one of two where that many remain, each block's G[i + q, t] of each t together (pairMatvec
 * and quadMatvec in products.wat).
 */
function packGram(G: Float64Array, n: number, g: Float64Array | Float32Array): void {
  for (let i = 0, b = 8; i + 2 <= n; i += b) {
    while (i + b > n) b >>= 1;
    for (let t = 0; t < n; t++) {
      for (let q = 0; q < b; q++) g[n * n + n * i + b * t + q] = G[(i + q) * n + t];
    }
  }
}

/**
 * bbPairs's (bbQuads's) arrays (bytes) for `blocks` pairs (quads) of columns of n entries, in
 * their order: 16 bytes per entry of a block either way.
 */
function blockArrays(blocks: number, n: number): [string, number][] {
  const vector = blocks * n * 16;
  return [
    ...['c', 'u', 'x', 'gx', 'pu', 'pd'].map((name): [string, number] => [name, vector]),
    ['eta', 16 * blocks],
    ['level', 16 * blocks],
    ['recent', 16 * BB_MEMORY * blocks],
  ];
}

/**
 * Lays `parts` out one after the other, each at a multiple of 64 bytes: their offsets into
 * at[prefix + name]; returns the bytes they take.
 */
function place(at: Record<string, number>, parts: [string, number][], prefix = ''): number {
  let bytes = 0;
  for (const [name, size] of parts) {
    at[prefix + name] = bytes;
    bytes += 64 * Math.ceil(size / 64);
  }
  return bytes;
}

/** a[first] + a[first + step] + … (`count` terms, in order). */
function inOrder(a: Float64Array, first: number, step: number, count: number): number {
  let s = 0;
  for (let c = 0; c < count; c++) s += a[first + step * c];
  return s;
}

/** The most segments between checks a QuadChunks solve runs (the default half-step has two). */
export const MAX_CHUNK_SEGMENTS = 2;

/** The byte offsets of QuadChunks's parts (see bbQuadChunksChunk in wasm/bb-pairs.ts). */
function chunksLayout(n: number, r: number) {
  const chunks = Math.ceil(r / BB_CHUNK_COLUMNS);
  const at: Record<string, number> = { n, r, chunks };
  // One thread's area: a chunk's quads (the arrays of bbQuads), its steps and its scratch.
  at.areaBytes = place(at, [...blockArrays(CHUNK_QUADS, n), ['scratch', 4 * n * 16 + 32]], 'area.');
  const bytes = place(at, [
    ['G', 8 * n * n], // G (float32), then its packed copy (quadMatvec in products.wat)
    ['stageC', 4 * r * n], // C as float32 rows (`r × n`)
    ['stageX', 4 * r * n], // x0 in, the solution out, float32 rows
    // bbQuads's numbers per call (its `call`): the start pass, then each segment
    ['plan', 48 * (MAX_CHUNK_SEGMENTS + 1)],
    ['out', 16 * chunks * (MAX_CHUNK_SEGMENTS + 1)], // Σ residual, start: per call and chunk
    ['areas', 0],
  ]);
  // Areas for every thread index a pool can have: only the threads' own are ever touched.
  return { chunks, at, bytes: bytes + MAX_WORKERS * at.areaBytes };
}

/** Whether QuadChunks can run here for n × r (WebAssembly SIMD, shared memory, room). */
export function quadChunksAvailable(n: number, r: number): boolean {
  return kernelModule() !== null && chunksLayout(n, r).bytes < MAX_KERNEL_BYTES;
}

/**
 * A depth-2 solve in float32 (js/bb-columns32.ts's bits) on float32 rows (`r × n`: column j of
 * the problem is row j), run chunk by chunk to its end in one task: `load`, then `task(bounds)` runs the start pass and the
 * segments k ∈ [0, bounds[0]), [bounds[0], bounds[1]), … on every chunk, recording each chunk's
 * residual after each call; the caller reads the sums at each check point and, to stop at one
 * before the last, loads x0 again and runs the bounds up to it (the same calls: the same bits).
 */
export class QuadChunks {
  readonly chunks: number;
  private readonly at: Record<string, number>;
  private readonly memory: WebAssembly.Memory;
  private readonly id: number;
  /** One payload per number of segments (posted to the workers once each). */
  private readonly payloads: BbQuadChunksPayload[] = [];
  private disposed = false;

  constructor(
    private readonly n: number,
    private readonly r: number,
  ) {
    const layout = chunksLayout(n, r);
    this.chunks = layout.chunks;
    this.at = layout.at;
    ({ memory: this.memory, id: this.id } = chunkMemory.take(layout.bytes));
  }

  /** G (`n × n`), C and x0 (float32 rows, `r × n`). */
  load(G: Float64Array, C: Float32Array, x0: Float32Array): void {
    const { n, r, at } = this;
    const g = new Float32Array(this.memory.buffer, at.G, 2 * n * n);
    g.set(G);
    packGram(G, n, g);
    new Float32Array(this.memory.buffer, at.stageC, r * n).set(C.subarray(0, r * n));
    this.loadStart(x0);
  }

  /** x0 (float32 rows) again, for a run to an earlier check point. */
  loadStart(x0: Float32Array): void {
    const { n, r, at } = this;
    new Float32Array(this.memory.buffer, at.stageX, r * n).set(x0.subarray(0, r * n));
  }

  /** The task of the start pass and the segments ending at `bounds` (at most MAX_CHUNK_SEGMENTS). */
  task(bounds: readonly number[], s: BbScalars): ChunkTask {
    if (s.depth !== 2) throw new Error('QuadChunks runs depth 2 only');
    const segments = bounds.length;
    if (segments > MAX_CHUNK_SEGMENTS) throw new Error(`QuadChunks: ${segments} segments`);
    const switchAt = Math.min(s.switchAt, NEVER_SWITCH);
    const plan = this.at.plan;
    const ints = new Int32Array(this.memory.buffer, plan, 12 * (segments + 1));
    const floats = new Float64Array(this.memory.buffer, plan, 6 * (segments + 1));
    // Call 0: the start pass (init, no iteration); call c ≥ 1: iterations [bounds[c − 2], bounds[c − 1]).
    [0, ...bounds].forEach((k1, call) => {
      const k0 = call < 2 ? 0 : bounds[call - 2];
      ints.set([k0, k1, call === 0 ? 1 : 0, switchAt], 12 * call);
      floats.set([s.eta0, s.lipschitz, s.floor], 6 * call + 2);
    });
    this.payloads[segments] ??= {
      ...memoryPayload(this.memory, this.id),
      at: { ...this.at, segments },
    };
    return { task: 'wasm-bb-quad-chunks', payload: this.payloads[segments], chunks: this.chunks };
  }

  /** Σ min(λx, Gx − c)² over the columns after call `call` (0: the start pass), chunks in order. */
  residualAt(call: number): number {
    const out = new Float64Array(this.memory.buffer, this.at.out, 2 * this.chunks * (call + 1));
    return inOrder(out, 2 * this.chunks * call, 2, this.chunks);
  }

  /** The warm start's Σ min(λx, Gx − c)² (before the floor). */
  startSum(): number {
    const out = new Float64Array(this.memory.buffer, this.at.out, 2 * this.chunks);
    return inOrder(out, 1, 2, this.chunks);
  }

  /** The iterate after the last task's last call, float32 rows (`r × n`), into out. */
  solution(out: Float32Array): void {
    out.set(new Float32Array(this.memory.buffer, this.at.stageX, this.r * this.n));
  }

  /** Lets go of the shared memory (see StateMemory). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    chunkMemory.release();
  }
}
