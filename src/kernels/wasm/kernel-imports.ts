/**
 * What products.wat imports: the memory it works on, and JavaScript's Math.log, Math.sin and
 * Math.cos (its normal draws use them, so that they are random.ts's bits on any engine; V8 calls
 * these imports without boxing their numbers).
 */
function kernelImports(memory: WebAssembly.Memory): WebAssembly.Imports {
  return { env: { memory }, math: { log: Math.log, sin: Math.sin, cos: Math.cos } };
}

/** products.wat (`module`) instantiated on `memory`. */
export function kernelInstance(
  module: WebAssembly.Module,
  memory: WebAssembly.Memory,
): WebAssembly.Instance {
  return new WebAssembly.Instance(module, kernelImports(memory));
}
