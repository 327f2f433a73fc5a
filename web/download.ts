/**
 * Downloads of the fitted factors (a matrix `rows × cols`, row-major float32) as NumPy .npy
 * (float32 little-endian, C order, format 1.0) or CSV, and of nmflow's model files.
 */

/** The .npy bytes of a `rows × cols` float32 matrix. */
export function npyBytes(data: Float32Array, rows: number, cols: number): Uint8Array {
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${rows}, ${cols}), }`;
  header += ' '.repeat(63 - ((10 + header.length) % 64)) + '\n';
  const bytes = new Uint8Array(10 + header.length + data.length * 4);
  bytes.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], 0);
  new DataView(bytes.buffer).setUint16(8, header.length, true);
  bytes.set(new TextEncoder().encode(header), 10);
  const values = new DataView(bytes.buffer, 10 + header.length);
  data.forEach((v, i) => values.setFloat32(4 * i, v, true));
  return bytes;
}

/** The CSV text of a `rows × cols` matrix (no header; shortest round-trip float32 values). */
export function csvText(data: Float32Array, rows: number, cols: number): string {
  const lines: string[] = [];
  for (let i = 0; i < rows; i++)
    lines.push(Array.from(data.subarray(i * cols, (i + 1) * cols)).join(','));
  return lines.join('\n') + '\n';
}

/** Offers `content` as a download named `name`. */
export function download(name: string, content: string | Uint8Array, type: string): void {
  const url = URL.createObjectURL(new Blob([content as BlobPart], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
