/**
 * Typed arrays in job data and results: BullMQ stores both as JSON, so arrays travel as
 * base64 of their little-endian bytes (exact: no decimal rounding).
 */

/** A Float32Array or Float64Array as base64, tagged with its type. */
export interface Packed {
  dtype: 'float32' | 'float64' | 'int32';
  b64: string;
}

export function pack(a: Float32Array | Float64Array | Int32Array): Packed {
  const dtype =
    a instanceof Float64Array ? 'float64' : a instanceof Int32Array ? 'int32' : 'float32';
  return { dtype, b64: Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64') };
}

export function unpack(p: Packed): Float32Array | Float64Array | Int32Array {
  const bytes = Buffer.from(p.b64, 'base64');
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  if (p.dtype === 'float64') return new Float64Array(copy.buffer);
  if (p.dtype === 'int32') return new Int32Array(copy.buffer);
  return new Float32Array(copy.buffer);
}

export function unpack32(p: Packed): Float32Array {
  const a = unpack(p);
  return a instanceof Float32Array ? a : Float32Array.from(a);
}

export function unpack64(p: Packed): Float64Array {
  const a = unpack(p);
  return a instanceof Float64Array ? a : Float64Array.from(a);
}
