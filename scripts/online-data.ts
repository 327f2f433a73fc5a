/**
 * A seeded planted-topics corpus as a Matrix Market coordinate file sorted by row, for the
 * online NMF benchmark: `rows × cols` counts, `topics` topics each with TOPIC_WORDS own words
 * (Zipf weights), every document a mix of 1–3 topics plus BACKGROUND uniform noise, words drawn
 * until `perRow` distinct words (the value: how often the word was drawn). Row i depends on
 * the seed and i only, so a smaller file is the first rows of a larger one.
 *
 *   node dist/scripts/online-data.js OUT.mtx ROWS [COLS=20000] [PER_ROW=50] [TOPICS=20] [SEED=0]
 */
import * as fs from 'fs';
import { seededUniforms } from './seeded-uniforms';

const TOPIC_WORDS = 400;
const BACKGROUND = 0.1;

export interface PlantedCorpus {
  rows: number;
  cols: number;
  perRow: number;
  topics: number;
  seed: number;
}

/** Writes the corpus to `path`; returns the number of entries. */
export function writePlantedMtx(path: string, c: PlantedCorpus): number {
  const topicRng = seededUniforms(c.seed * 7919 + 1);
  const words: Int32Array[] = [];
  const cdf: Float64Array[] = [];
  for (let t = 0; t < c.topics; t++) {
    const w = new Int32Array(TOPIC_WORDS);
    for (let q = 0; q < TOPIC_WORDS; q++) w[q] = Math.floor(topicRng() * c.cols);
    const f = new Float64Array(TOPIC_WORDS);
    let s = 0;
    for (let q = 0; q < TOPIC_WORDS; q++) f[q] = s += 1 / (q + 1);
    for (let q = 0; q < TOPIC_WORDS; q++) f[q] /= s;
    words.push(w);
    cdf.push(f);
  }
  const fd = fs.openSync(path, 'w');
  const header = `%%MatrixMarket matrix coordinate integer general\n% planted topics: ${JSON.stringify(c)}\n`;
  // The entry count goes on the size line: write it padded, patch it at the end.
  const sizeLine = (nnz: number) => `${c.rows} ${c.cols} ${String(nnz).padStart(15)}\n`;
  fs.writeSync(fd, header + sizeLine(0));
  const counts = new Map<number, number>();
  let chunk: string[] = [];
  let nnz = 0;
  for (let i = 0; i < c.rows; i++) {
    const rng = seededUniforms(c.seed * 1_000_003 + i * 2_654_435_761);
    const nTopics = 1 + Math.floor(rng() * 3);
    const mix: number[] = [];
    const weight: number[] = [];
    let total = 0;
    for (let q = 0; q < nTopics; q++) {
      mix.push(Math.floor(rng() * c.topics));
      const w = 0.2 + rng();
      weight.push(w);
      total += w;
    }
    counts.clear();
    while (counts.size < c.perRow) {
      let word: number;
      if (rng() < BACKGROUND) word = Math.floor(rng() * c.cols);
      else {
        let u = rng() * total;
        let q = 0;
        while (q < nTopics - 1 && u > weight[q]) u -= weight[q++];
        const f = cdf[mix[q]];
        const x = rng();
        let lo = 0;
        let hi = TOPIC_WORDS - 1;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (f[mid] < x) lo = mid + 1;
          else hi = mid;
        }
        word = words[mix[q]][lo];
      }
      counts.set(word, (counts.get(word) ?? 0) + 1);
    }
    const cols = [...counts.keys()].sort((a, b) => a - b);
    for (const j of cols) chunk.push(`${i + 1} ${j + 1} ${counts.get(j)}\n`);
    nnz += cols.length;
    if (chunk.length > 100000) {
      fs.writeSync(fd, chunk.join(''));
      chunk = [];
    }
  }
  fs.writeSync(fd, chunk.join(''));
  fs.writeSync(fd, sizeLine(nnz), Buffer.byteLength(header));
  fs.closeSync(fd);
  return nnz;
}

if (require.main === module) {
  const [out, rows, cols, perRow, topics, seed] = process.argv.slice(2);
  if (!out || !rows) {
    console.error(
      'usage: node dist/scripts/online-data.js OUT.mtx ROWS [COLS] [PER_ROW] [TOPICS] [SEED]',
    );
    process.exit(2);
  }
  const c = {
    rows: Number(rows),
    cols: Number(cols ?? 20000),
    perRow: Number(perRow ?? 50),
    topics: Number(topics ?? 20),
    seed: Number(seed ?? 0),
  };
  const t0 = performance.now();
  const nnz = writePlantedMtx(out, c);
  console.log(
    `${out}: ${c.rows} × ${c.cols}, ${nnz} entries, ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
}
