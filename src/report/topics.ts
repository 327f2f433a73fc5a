/**
 * Topics: the top-weighted words of each component (row of H, `k × nFeatures`, whose columns
 * are the vocabulary's words).
 */
import { usageError } from '../errors';

/** One component's top words (a row of H, `k × nFeatures`), largest weight first. */
export interface Topic {
  /** Component index (row of H). */
  component: number;
  /** The `top` largest entries of the row, largest first. */
  words: { word: string; weight: number }[];
}

/** The `top` (default 10) highest-weighted words of each row of H (`k × vocabulary.length`). */
export function topWords(
  components: { data: ArrayLike<number>; shape: [number, number] },
  vocabulary: readonly string[],
  top = 10,
): Topic[] {
  const [k, n] = components.shape;
  if (n !== vocabulary.length) {
    throw usageError(
      `components have ${n} columns but the vocabulary has ${vocabulary.length} words`,
    );
  }
  if (components.data.length !== k * n) {
    throw usageError(
      `components.data has ${components.data.length} entries but shape [${k}, ${n}] needs ${k * n}`,
    );
  }
  if (!Number.isInteger(top) || top < 1) throw usageError(`top must be an integer ≥ 1, got ${top}`);
  return Array.from({ length: k }, (_, c) => {
    const order = Array.from({ length: n }, (_, j) => j)
      .filter((j) => components.data[c * n + j] > 0)
      .sort((a, b) => components.data[c * n + b] - components.data[c * n + a] || a - b);
    return {
      component: c,
      words: order
        .slice(0, top)
        .map((j) => ({ word: vocabulary[j], weight: components.data[c * n + j] })),
    };
  });
}

/** One line per topic: `3: tax (0.412), budget (0.301), …` (weights to 3 significant digits). */
export function topicsText(topics: Topic[]): string {
  return (
    topics
      .map(
        (t) =>
          `${t.component}: ` +
          (t.words.length
            ? t.words.map((w) => `${w.word} (${Number(w.weight.toPrecision(3))})`).join(', ')
            : '(empty component)'),
      )
      .join('\n') + '\n'
  );
}
