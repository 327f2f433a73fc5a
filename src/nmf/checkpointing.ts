/**
 * Checkpoints of an NMF fit: what `factorize` hands to `onCheckpoint` and takes back through
 * `resumeFrom`, and its mapping to the on-disk checkpoint format of `src/checkpoint.ts`.
 *
 * A resumed fit continues the loop exactly where the checkpoint left it (factors, iteration,
 * history, the stopping rule's reference errors and the update rule's own scalars and
 * matrices), so with
 * the same options it reaches the same result as an uninterrupted run — bit for bit for
 * `mu`, `hals` and `anls`. `overparam-joint`'s Adam moments are not saved: it restarts them.
 */
import { inputError } from '../errors';
import { readCheckpoint, writeCheckpoint, type CheckpointState } from '../checkpoint';
import type { NmfIterationInfo } from './iteration-info';
import type { ShapedFloat32 } from '../linalg/matrix';

/** The state of an NMF fit at a check point. W: `nSamples × rank`, H: `rank × nFeatures`. */
export interface NmfCheckpointState {
  /** Outer iterations done. */
  iteration: number;
  W: ShapedFloat32;
  H: ShapedFloat32;
  history: NmfIterationInfo[];
  /** The loop's stopping-rule state (errors at the start and at the previous check point). */
  loop: { errorAtInit: number; previousError: number; violationInit: number };
  /** The update rule's own scalars (e.g. `anls`'s inner tolerance factor). */
  rule: Record<string, number>;
  /** The update rule's own matrices (e.g. the extrapolated starting points of `hals`). */
  ruleMatrices?: Record<string, ShapedFloat32>;
  /** True for the checkpoint written when the loop ends (converged, stopped or aborted). */
  final: boolean;
  converged: boolean;
  /** The JSON-safe options of the fit. */
  options: Record<string, unknown>;
}

/**
 * An `onCheckpoint` callback that writes each state to `dir` atomically (see
 * `writeCheckpoint`); `startedAt` is kept across the checkpoints of one run.
 */
export function checkpointToDirectory(dir: string): (state: NmfCheckpointState) => void {
  const startedAt = new Date().toISOString();
  return (state) => {
    writeCheckpoint(dir, toCheckpointState(state, startedAt));
  };
}

export function toCheckpointState(s: NmfCheckpointState, startedAt?: string): CheckpointState {
  return {
    iteration: s.iteration,
    options: s.options,
    history: s.history,
    factors: { ...s.ruleMatrices, W: s.W, H: s.H },
    startedAt,
    meta: { kind: 'nmf', loop: s.loop, rule: s.rule, final: s.final, converged: s.converged },
  };
}

/** Reads the NMF checkpoint in `dir` (validated; errors name the file at fault). */
export function readNmfCheckpoint(dir: string): NmfCheckpointState {
  const c = readCheckpoint(dir);
  const { W, H, ...others } = c.factors;
  const meta = c.meta as Partial<{
    kind: string;
    loop: NmfCheckpointState['loop'];
    rule: Record<string, number>;
    final: boolean;
    converged: boolean;
  }>;
  const finite = (o: unknown) =>
    typeof o === 'object' && o !== null && Object.values(o).every((v) => Number.isFinite(v));
  if (meta.kind !== 'nmf' || !W || !H || W.shape.length !== 2 || H.shape.length !== 2) {
    throw inputError(`checkpoint ${dir} is not an NMF checkpoint (factors W and H, kind "nmf")`);
  }
  if (!finite(meta.loop) || !finite(meta.rule ?? {})) {
    throw inputError(`checkpoint ${dir}/manifest.json has an invalid loop or rule state`);
  }
  return {
    iteration: c.iteration,
    W: { data: W.data, shape: W.shape as [number, number] },
    H: { data: H.data, shape: H.shape as [number, number] },
    history: c.history as NmfIterationInfo[],
    loop: meta.loop!,
    rule: meta.rule ?? {},
    ruleMatrices: Object.fromEntries(
      Object.entries(others).map(([name, m]) => [
        name,
        { data: m.data, shape: m.shape as [number, number] },
      ]),
    ),
    final: meta.final === true,
    converged: meta.converged === true,
    options: c.options,
  };
}
