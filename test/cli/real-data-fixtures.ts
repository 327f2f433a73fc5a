/**
 * Generated folders for the "your own data" CLI tests: images with planted parts and
 * documents with planted topics (seeded, so every run writes the same files).
 */
import * as fs from 'fs';
import * as jpeg from 'jpeg-js';
import * as path from 'path';
import { PNG } from 'pngjs';
import { Rng } from '../../src/random';

/** The four planted parts of the 8 × 8 images: the quadrants (row-major masks of 64). */
export function quadrants(size = 8): number[][] {
  const h = size / 2;
  return [0, 1, 2, 3].map((q) =>
    Array.from({ length: size * size }, (_, p) => {
      const r = Math.floor(p / size);
      const c = p % size;
      return Math.floor(r / h) * 2 + Math.floor(c / h) === q ? 1 : 0;
    }),
  );
}

function rgba(grey: number[], size: number): Buffer {
  const data = Buffer.alloc(size * size * 4);
  grey.forEach((g, p) => {
    const v = Math.round(255 * g);
    data[4 * p] = data[4 * p + 1] = data[4 * p + 2] = v;
    data[4 * p + 3] = 255;
  });
  return data;
}

function upscale(grey: number[], size: number, factor: number): number[] {
  const big = size * factor;
  return Array.from({ length: big * big }, (_, p) => {
    const r = Math.floor(Math.floor(p / big) / factor);
    const c = Math.floor((p % big) / factor);
    return grey[r * size + c];
  });
}

/**
 * `n` images, each a random non-negative mix of the four quadrants (each quadrant on with
 * probability 0.6, intensity in [0.3, 1]): mostly 8 × 8 PNGs, plus one PGM (P5), one JPEG
 * (quality 100) and one 16 × 16 PNG (so `--image-shape 8x8` must resize it).
 */
export function plantedImageFolder(dir: string, n = 40): { files: string[] } {
  fs.mkdirSync(dir, { recursive: true });
  const rng = new Rng(19);
  const parts = quadrants();
  const files: string[] = [];
  for (let i = 0; i < n; i++) {
    const grey = new Array(64).fill(0);
    parts.forEach((part) => {
      if (rng.uniform() < 0.6) {
        const a = 0.3 + 0.7 * rng.uniform();
        part.forEach((on, p) => (grey[p] += on * a));
      }
    });
    const name = `img${String(i).padStart(2, '0')}`;
    let file: string;
    if (i === 1) {
      file = `${name}.pgm`;
      const header = Buffer.from('P5\n8 8\n255\n', 'latin1');
      const pixels = Buffer.from(grey.map((g) => Math.round(255 * g)));
      fs.writeFileSync(path.join(dir, file), Buffer.concat([header, pixels]));
    } else if (i === 2) {
      file = `${name}.jpg`;
      const big = upscale(grey, 8, 4);
      const encoded = jpeg.encode({ data: rgba(big, 32), width: 32, height: 32 }, 100);
      fs.writeFileSync(path.join(dir, file), encoded.data);
    } else if (i === 3) {
      file = `${name}.png`;
      const png = new PNG({ width: 16, height: 16 });
      rgba(upscale(grey, 8, 2), 16).copy(png.data);
      fs.writeFileSync(path.join(dir, file), PNG.sync.write(png));
    } else {
      file = `${name}.png`;
      const png = new PNG({ width: 8, height: 8 });
      rgba(grey, 8).copy(png.data);
      fs.writeFileSync(path.join(dir, file), PNG.sync.write(png));
    }
    files.push(file);
  }
  return { files: files.sort() };
}

/** Three planted topics of five words each (words that are not English stop words). */
export const TOPICS = [
  ['tax', 'budget', 'deficit', 'revenue', 'spending'],
  ['army', 'navy', 'soldiers', 'battle', 'treaty'],
  ['school', 'teachers', 'students', 'college', 'learning'],
];

/**
 * `perTopic` documents per topic, each 30 words drawn from its topic (plus "the", "and" and
 * "said", which the stop words or their document frequency remove): `t<topic>-<k>.txt`, every
 * third one as `.md`. Returns the file names by topic.
 */
export function plantedDocumentFolder(dir: string, perTopic = 5): { byTopic: string[][] } {
  fs.mkdirSync(dir, { recursive: true });
  const rng = new Rng(23);
  const byTopic = TOPICS.map((words, t) =>
    Array.from({ length: perTopic }, (_, k) => {
      const tokens = Array.from({ length: 30 }, () => words[rng.int(words.length)]);
      tokens.push('the', 'and', 'said');
      const file = `t${t}-${k}.${k % 3 === 2 ? 'md' : 'txt'}`;
      fs.writeFileSync(path.join(dir, file), tokens.join(' ') + '\n');
      return file;
    }),
  );
  return { byTopic };
}

/** The same documents as lines of one file `all.txt` (line i + 1 is document i). */
export function plantedDocumentLines(dir: string, perTopic = 4): { topicOfLine: number[] } {
  fs.mkdirSync(dir, { recursive: true });
  const rng = new Rng(29);
  const lines: string[] = [];
  const topicOfLine: number[] = [];
  for (let k = 0; k < perTopic; k++) {
    TOPICS.forEach((words, t) => {
      lines.push(Array.from({ length: 20 }, () => words[rng.int(words.length)]).join(' '));
      topicOfLine.push(t);
    });
  }
  fs.writeFileSync(path.join(dir, 'all.txt'), lines.join('\n') + '\n\n');
  return { topicOfLine };
}

/** Cosine similarity of two vectors. */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += a[i] * b[i];
    aa += a[i] * a[i];
    bb += b[i] * b[i];
  }
  return ab / Math.sqrt(aa * bb);
}
