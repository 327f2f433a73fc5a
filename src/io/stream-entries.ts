/**
 * Fast reading of numeric entry lines (`i j [v]` of Matrix Market coordinate and UCI docword
 * files): the file is read in chunks (gunzipped when its content is gzip) and each chunk's
 * complete lines are parsed from the bytes into parallel arrays, without a string or a promise
 * per line. Plain decimal integers are parsed from the bytes; any other token (decimals,
 * exponents, junk) goes through common.ts's strict parseNumber on the line's text, so errors
 * and accepted values are those of the whole-file readers.
 */
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { inputError } from '../errors';
import { isGzip, lineError, parseNumber } from './common';

/** The entries of one chunk: row, column (as written, 1-based), value, line number. */
export interface EntryChunk {
  count: number;
  row: Float64Array;
  col: Float64Array;
  value: Float64Array;
  line: Float64Array;
}

const NL = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;
const PERCENT = 37;

/**
 * The entry lines of `path` after its first `skipLines` lines, chunk by chunk (a chunk's
 * arrays are reused by the next). Blank lines and '%' comments are skipped. Every entry line
 * must have `fields` fields (`what` names them in the error); with 2 fields the value is 1.
 */
export async function* entryChunks(
  path: string,
  skipLines: number,
  fields: 2 | 3,
  what: string,
): AsyncGenerator<EntryChunk> {
  const gz = await isGzip(path);
  const raw = createReadStream(path, { highWaterMark: 1 << 20 });
  const stream = gz ? raw.pipe(createGunzip()) : raw;
  const cap = 1 << 18;
  const out: EntryChunk = {
    count: 0,
    row: new Float64Array(cap),
    col: new Float64Array(cap),
    value: new Float64Array(cap),
    line: new Float64Array(cap),
  };
  let carry: Buffer | undefined;
  let line = 0;
  const tokens = [0, 0, 0, 0, 0, 0, 0, 0];
  /** Parses the complete lines of buf[0, end). */
  const parse = (buf: Buffer, end: number) => {
    let p = 0;
    while (p < end) {
      let e = buf.indexOf(NL, p);
      if (e < 0 || e > end) e = end;
      line++;
      const lineStart = p;
      p = e + 1;
      if (line <= skipLines) continue;
      let q = lineStart;
      let lineEnd = e;
      if (lineEnd > q && buf[lineEnd - 1] === CR) lineEnd--;
      // Tokens: [start, end) pairs.
      let n = 0;
      while (q < lineEnd) {
        while (q < lineEnd && (buf[q] === SPACE || buf[q] === TAB)) q++;
        if (q >= lineEnd) break;
        const s = q;
        while (q < lineEnd && buf[q] !== SPACE && buf[q] !== TAB) q++;
        if (n < 4) {
          tokens[2 * n] = s;
          tokens[2 * n + 1] = q;
        }
        n++;
      }
      if (n === 0 || buf[tokens[0]] === PERCENT) continue;
      if (n !== fields) {
        throw lineError(path, line, `entry must have ${fields} fields (${what}), got ${n}`);
      }
      const k = out.count++;
      out.line[k] = line;
      for (let f = 0; f < fields; f++) {
        const s = tokens[2 * f];
        const t = tokens[2 * f + 1];
        let v = 0;
        let plain = t - s <= 15;
        for (let c = s; c < t && plain; c++) {
          const d = buf[c] - 48;
          if (d < 0 || d > 9) plain = false;
          else v = v * 10 + d;
        }
        if (!plain) {
          const name = f === 0 ? 'row index' : f === 1 ? 'column index' : 'value';
          v = parseNumber(buf.toString('latin1', s, t), path, line, name);
        }
        if (f === 0) out.row[k] = v;
        else if (f === 1) out.col[k] = v;
        else out.value[k] = v;
      }
      if (fields === 2) out.value[k] = 1;
    }
  };
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const buf = carry ? Buffer.concat([carry, chunk]) : chunk;
      const last = buf.lastIndexOf(NL);
      if (last < 0) {
        carry = buf;
        continue;
      }
      let from = 0;
      while (from <= last) {
        // Parse at most `cap` lines' worth at a time: cut at a newline within the budget.
        out.count = 0;
        const cut = from + Math.min(last + 1 - from, cap * 4);
        const end = cut === last + 1 ? last + 1 : buf.lastIndexOf(NL, cut - 1) + 1;
        const safeEnd = end > from ? end : last + 1;
        parse(buf.subarray(from, safeEnd), safeEnd - from);
        from = safeEnd;
        if (out.count > 0) yield out;
      }
      carry = last + 1 < buf.length ? Buffer.from(buf.subarray(last + 1)) : undefined;
    }
    if (carry && carry.length > 0) {
      out.count = 0;
      parse(carry, carry.length);
      if (out.count > 0) yield out;
    }
  } catch (err) {
    if (err instanceof Error && err.name === 'NmflowError') throw err;
    throw inputError(`${path}: cannot read past line ${line}: ${(err as Error).message}`, err);
  } finally {
    raw.destroy();
  }
}

/** An index parsed by entryChunks: an integer in 1..max, else the whole-file readers' error. */
export function checkIndex(
  v: number,
  path: string,
  line: number,
  what: string,
  max: number,
): number {
  if (!Number.isInteger(v) || v < 1 || v > max) {
    const range = max >= Number.MAX_SAFE_INTEGER ? '≥ 1' : `in 1..${max}`;
    throw lineError(path, line, `${what} is ${v}, expected an integer ${range}`);
  }
  return v;
}
