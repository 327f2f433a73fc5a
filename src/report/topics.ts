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
  /** The documents (rows of W) that weigh this topic most, by name, largest first. */
  documents?: { name: string; weight: number }[];
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

/**
 * Adds to each topic the `top` documents with the largest weight in W's column (`W` is
 * `nDocuments × k`, `names` has nDocuments names); documents of weight 0 are left out.
 */
export function withTopDocuments(
  topics: Topic[],
  W: { data: ArrayLike<number>; shape: [number, number] },
  names: readonly string[],
  top = 5,
): Topic[] {
  const [n, k] = W.shape;
  if (names.length !== n) throw usageError(`${names.length} document names for ${n} rows of W`);
  return topics.map((t) => {
    const c = t.component;
    if (c >= k) throw usageError(`topic ${c} but W has ${k} columns`);
    const order = Array.from({ length: n }, (_, i) => i)
      .filter((i) => W.data[i * k + c] > 0)
      .sort((a, b) => W.data[b * k + c] - W.data[a * k + c] || a - b)
      .slice(0, top);
    return { ...t, documents: order.map((i) => ({ name: names[i], weight: W.data[i * k + c] })) };
  });
}

/**
 * One line per topic: `3: tax (0.412), budget (0.301), …` (weights to 3 significant digits),
 * followed by `   documents: a.txt (0.9), …` when the topics have documents.
 */
export function topicsText(topics: Topic[]): string {
  const list = (xs: { name: string; weight: number }[]) =>
    xs.map((x) => `${x.name} (${Number(x.weight.toPrecision(3))})`).join(', ');
  return (
    topics
      .map(
        (t) =>
          `${t.component}: ` +
          (t.words.length
            ? list(t.words.map((w) => ({ name: w.word, weight: w.weight })))
            : '(empty component)') +
          (t.documents ? `\n   documents: ${list(t.documents) || '(none)'}` : ''),
      )
      .join('\n') + '\n'
  );
}
