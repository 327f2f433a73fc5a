/**
 * Matrix files parsed in the page (nmflow's readers in src/io use Node's file system): CSV or
 * other delimited text, NumPy .npy and Matrix Market .mtx, each into a dense row-major float32
 * matrix `rows × cols` (rows are samples). Errors name the file and, for text, the line.
 */
import type { DenseMatrix } from '../../src/datasets/types';

function fail(file: string, message: string): never {
  throw new Error(`${file}: ${message}`);
}

/** Delimited text (comma, tab, semicolon or spaces); a first line that is not numeric is a header. */
export function parseCsv(text: string, file: string): DenseMatrix {
  const lines = text.split(/\r?\n/).map((l, i) => ({ l: l.trim(), line: i + 1 }));
  const rows = lines.filter((x) => x.l !== '' && !x.l.startsWith('#'));
  if (rows.length === 0) fail(file, 'no rows');
  const first = rows[0].l;
  const delimiter = [',', '\t', ';'].find((d) => first.includes(d)) ?? /\s+/;
  const split = (l: string) => l.split(delimiter).map((f) => f.trim().replace(/^"(.*)"$/, '$1'));
  if (split(first).some((f) => f !== '' && Number.isNaN(Number(f)))) rows.shift();
  const cols = rows.length > 0 ? split(rows[0].l).length : 0;
  if (cols === 0) fail(file, 'no numeric rows');
  const data = new Float32Array(rows.length * cols);
  rows.forEach(({ l, line }, i) => {
    const fields = split(l);
    if (fields.length !== cols)
      fail(file, `line ${line}: ${fields.length} fields, expected ${cols}`);
    fields.forEach((f, j) => {
      const v = Number(f);
      if (f === '' || Number.isNaN(v))
        fail(file, `line ${line}, field ${j + 1}: "${f}" is not a number`);
      data[i * cols + j] = v;
    });
  });
  return { data, shape: [rows.length, cols] };
}

const NPY_TYPES: Record<string, [number, (v: DataView, o: number, le: boolean) => number]> = {
  f4: [4, (v, o, le) => v.getFloat32(o, le)],
  f8: [8, (v, o, le) => v.getFloat64(o, le)],
  i1: [1, (v, o) => v.getInt8(o)],
  u1: [1, (v, o) => v.getUint8(o)],
  i2: [2, (v, o, le) => v.getInt16(o, le)],
  u2: [2, (v, o, le) => v.getUint16(o, le)],
  i4: [4, (v, o, le) => v.getInt32(o, le)],
  u4: [4, (v, o, le) => v.getUint32(o, le)],
  i8: [8, (v, o, le) => Number(v.getBigInt64(o, le))],
  u8: [8, (v, o, le) => Number(v.getBigUint64(o, le))],
};

/** A NumPy .npy file (versions 1–3, 1-D or 2-D, float or integer, C or Fortran order). */
export function parseNpy(buffer: ArrayBuffer, file: string): DenseMatrix {
  const view = new DataView(buffer);
  const magic = new Uint8Array(buffer, 0, Math.min(6, buffer.byteLength));
  if (String.fromCharCode(...magic) !== '\x93NUMPY') fail(file, 'not a NumPy .npy file');
  const major = view.getUint8(6);
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = major === 1 ? 10 : 12;
  const header = new TextDecoder().decode(new Uint8Array(buffer, start, headerLength));
  const descr = /'descr':\s*'([<>|=])([a-z]\d)'/.exec(header);
  const type = descr && NPY_TYPES[descr[2]];
  if (!descr || !type) fail(file, `unsupported dtype in header ${header.trim()}`);
  const fortran = /'fortran_order':\s*True/.test(header);
  const shape = (/'shape':\s*\(([^)]*)\)/.exec(header)?.[1] ?? '')
    .split(',')
    .filter((s) => s.trim() !== '')
    .map(Number);
  if (shape.length < 1 || shape.length > 2)
    fail(file, `expected a 1-D or 2-D array, got shape (${shape})`);
  const [rows, cols] = shape.length === 1 ? [shape[0], 1] : shape;
  const [size, read] = type;
  const offset = start + headerLength;
  if (buffer.byteLength < offset + rows * cols * size)
    fail(file, 'the file is shorter than its shape');
  const little = descr[1] !== '>';
  const data = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < cols; j++) {
      const k = fortran ? j * rows + i : i * cols + j;
      data[i * cols + j] = read(view, offset + k * size, little);
    }
  return { data, shape: [rows, cols] };
}

/** A Matrix Market file (`coordinate` or `array`, real/integer/pattern, general or symmetric). */
export function parseMtx(text: string, file: string): DenseMatrix {
  const lines = text.split(/\r?\n/);
  const banner = /^%%MatrixMarket\s+matrix\s+(coordinate|array)\s+(\w+)\s+(\w+)/i.exec(lines[0]);
  if (!banner) fail(file, 'line 1: expected "%%MatrixMarket matrix coordinate|array ..."');
  const [, format, field, symmetry] = banner.map((s) => s.toLowerCase());
  if (field === 'complex') fail(file, 'line 1: complex matrices are not supported');
  let i = 1;
  while (i < lines.length && (lines[i].startsWith('%') || lines[i].trim() === '')) i++;
  const size = lines[i]?.trim().split(/\s+/).map(Number) ?? [];
  const [rows, cols] = size;
  if (!(rows > 0 && cols > 0)) fail(file, `line ${i + 1}: expected the size line`);
  const data = new Float32Array(rows * cols);
  const values = lines.slice(i + 1).map((l, k) => ({ f: l.trim().split(/\s+/), line: i + 2 + k }));
  let n = 0;
  for (const { f, line } of values) {
    if (f[0] === '') continue;
    if (format === 'array') {
      const [r, c] = [n % rows, Math.floor(n / rows)];
      data[r * cols + c] = Number(f[0]);
      n++;
      continue;
    }
    const [r, c] = [Number(f[0]) - 1, Number(f[1]) - 1];
    const v = field === 'pattern' ? 1 : Number(f[2]);
    if (!(r >= 0 && r < rows && c >= 0 && c < cols) || Number.isNaN(v)) {
      fail(file, `line ${line}: bad entry "${f.join(' ')}"`);
    }
    data[r * cols + c] = v;
    if (symmetry !== 'general') data[c * cols + r] = v;
  }
  return { data, shape: [rows, cols] };
}
