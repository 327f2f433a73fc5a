/**
 * The last touch of an `anls` fit: one exact coordinate-descent pass (hals's sweeps: the wasm
 * kernel on the data's threads where it runs, else the loop form of sweep-kernel.ts, the same
 * bits) over W (`n × k`) and then Hᵀ (`m × k`), both row-major, with sklearn's
 * l1/l2 penalties. The NNLS engines approach a zero of the solution without reaching it (the
 * overparametrized x = u^L, and its warm starts, stay positive); a coordinate step
 * max(x − g/G_tt, 0) lands on exactly 0 where the gradient pushes an entry below zero, and never
 * increases the objective. So the entries the solution puts at zero come back as 0.
 */
import { timesRows, transposedTimesRows, type NmfData } from './data';
import { transpose32 } from '../kernels/wasm/host-loops';
import { regularize } from './gram-fit';
import { gramFor } from '../kernels/wasm/gram-wasm';
import type { Penalties } from './options';
import { loopSweeps } from '../kernels/js/sweep-kernel';
import { WasmSweeps, wasmSweepsAvailable } from '../kernels/wasm/sweep-wasm';
import type { ChunkTask } from '../kernels/threads/kernel-threads';

export const POLISH_SWEEPS = 5;
export const POLISH_RATIO = 0.01;

/**
 * Polishes w (`n × k`) and, with `updateH`, ht (`m × k`) in place. `wtx` (`k × m`), given with
 * `updateH`, receives Wᵀ·X for the polished w (the H half's right-hand side, transposed): the
 * bits of `data.transposedTimesArray(w, k)` where w is float32.
 */
export function polishFactors(
  data: NmfData,
  w: Float32Array | Float64Array,
  ht: Float32Array | Float64Array,
  k: number,
  pen: Penalties,
  updateH: boolean,
  wtx?: Float32Array,
): void {
  const n = data.rows;
  const m = data.cols;
  const gram = gramFor(k);
  const sweep = sweeper(data, Math.max(n, m), k);
  try {
    // W half: Gram HHᵀ, right-hand side X·Hᵀ, made in the sweeps' memory where they have one.
    const P = timesRows(data, ht, k, sweep.rhs(n));
    const G = gram(ht, m);
    regularize(G, P, k, pen.l1W, pen.l2W);
    sweep.rows(w, G, P, n);
    if (!updateH) return;
    // H half: Gram WᵀW, right-hand side Xᵀ·W.
    const Q = transposedTimesRows(data, w, k, sweep.rhs(m));
    if (wtx) transpose32(Q, m, k, wtx);
    const GW = gram(w, n);
    regularize(GW, Q, k, pen.l1H, pen.l2H);
    sweep.rows(ht, GW, Q, m);
  } finally {
    sweep.dispose();
  }
  // A pair with one side all zero fits nothing: the sweeps leave the other side where it was
  // (its Gram diagonal is 0), but its best value is 0 (with a penalty, and for boundedness).
  for (let t = 0; t < k; t++) {
    if (columnIsZero(w, n, k, t) || columnIsZero(ht, m, k, t)) {
      for (let i = 0; i < n; i++) w[i * k + t] = 0;
      for (let j = 0; j < m; j++) ht[j * k + t] = 0;
    }
  }
}

/** Rows of F swept at a time: the float64 copy of F they go through holds this many rows. */
const POLISH_BLOCK_ROWS = 2048;

/**
 * POLISH_SWEEPS sweeps of F's `rows` rows (in place, through float64) against G and P: on the
 * wasm kernel and the data's threads where it runs (its memory holding P and the float64 copy of
 * a block of POLISH_BLOCK_ROWS rows of F at a time: rows are swept independently, so the blocks
 * give the bits of one pass, with 1 MB fewer new pages than all of SOTU's 17,260 rows of Hᵀ at
 * once, the fit's peak), else the loop.
 */
function sweeper(data: NmfData, maxRows: number, k: number) {
  const block = Math.min(maxRows, POLISH_BLOCK_ROWS);
  const bytes = 4 * maxRows * k + 8 * block * k + 128;
  const wasm = wasmSweepsAvailable(bytes) ? new WasmSweeps(block, k, bytes) : undefined;
  const F = wasm?.f64(block * k);
  const P32 = wasm?.f32(maxRows * k);
  return {
    /** Room for a right-hand side of `rows × k` in the sweeps' memory (none for the loop). */
    rhs: (rows: number) => P32?.subarray(0, rows * k),
    rows(f: Float32Array | Float64Array, G: Float64Array, P: Float32Array, rows: number) {
      if (!wasm || !F || !P32) {
        const F64 = Float64Array.from(f);
        loopSweeps(F64, G, P, 0, rows, k, POLISH_SWEEPS, POLISH_RATIO);
        f.set(F64);
        return;
      }
      const Pv = P32.subarray(0, rows * k);
      if (P.buffer !== Pv.buffer || P.byteOffset !== Pv.byteOffset) Pv.set(P.subarray(0, rows * k));
      const runTask = (task: ChunkTask) => data.runTask(task);
      for (let r0 = 0; r0 < rows; r0 += block) {
        const [from, to] = [r0 * k, Math.min(rows, r0 + block) * k];
        const Fv = F.subarray(0, to - from);
        Fv.set(f.subarray(from, to));
        const Pb = Pv.subarray(from, to);
        wasm.sweep(runTask, Fv, G, Pb, (to - from) / k, POLISH_SWEEPS, POLISH_RATIO);
        f.set(Fv, from);
      }
    },
    dispose: () => wasm?.dispose(),
  };
}

function columnIsZero(a: Float32Array | Float64Array, rows: number, k: number, t: number) {
  for (let i = 0; i < rows; i++) if (a[i * k + t] !== 0) return false;
  return true;
}
