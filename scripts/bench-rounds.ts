/**
 * bench-nmf.ts's figures over its rounds: each row's medians, and its paired ratio to sklearn
 * cd (the median over the rounds of its time over sklearn cd's in the same round).
 */
import type { Measure } from './bench-nmf-peers';

/** One solver's runs in a case, with the round of each. */
export interface Row {
  label: string;
  runs: Measure[];
  /** The round of each run. */
  rounds: number[];
}

/** The first run with the median time and the median peak memory growth of the runs. */
export function medians(runs: Measure[]): Measure {
  return {
    ...runs[0],
    seconds: median(runs.map((r) => r.seconds)),
    peakDeltaMB: median(runs.map((r) => r.peakDeltaMB)),
  };
}

/**
 * The median over the rounds of a row's time to target over sklearn cd's in the same round
 * (rounds where both reached it), undefined where there is none.
 */
export function pairedRatio(row: Row, cd: Row | undefined): number | undefined {
  if (!cd) return undefined;
  const ratios: number[] = [];
  row.runs.forEach((m, i) => {
    const at = cd.rounds.indexOf(row.rounds[i]);
    const peer = at >= 0 ? cd.runs[at] : undefined;
    if (peer?.reached && m.reached) ratios.push(m.seconds / peer.seconds);
  });
  return ratios.length ? median(ratios) : undefined;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
