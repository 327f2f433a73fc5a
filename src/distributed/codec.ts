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

const TYPED = '__nmflowTyped';
const NUMBER = '__nmflowNumber';

/**
 * Any JSON-like value with its typed arrays packed (base64, exact) and its non-finite numbers
 * tagged (JSON has no NaN or Infinity), for results that cross Redis as JSON.
 */
export function packDeep(v: unknown): unknown {
  if (v instanceof Float32Array || v instanceof Float64Array || v instanceof Int32Array)
    return { [TYPED]: pack(v) };
  if (typeof v === 'number' && !Number.isFinite(v)) return { [NUMBER]: String(v) };
  if (Array.isArray(v)) return v.map(packDeep);
  if (v !== null && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, packDeep(x)]));
  return v;
}

/** The value `packDeep` packed. */
export function unpackDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(unpackDeep);
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (TYPED in o) return unpack(o[TYPED] as Packed);
    if (NUMBER in o) return Number(o[NUMBER]);
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, unpackDeep(x)]));
  }
  return v;
}
