/**
 * The reference jobs the browser test runs in Node and in a page, on the same inputs: an NNLS
 * problem (the paper's generator, fixed seed) and an NMF fit of Swimmer (rank 8, fixed seed and
 * iteration count). The function is self-contained (it refers to nothing outside its body and
 * its argument), so that playwright can ship it to the page: there it finds the browser
 * bundle's exports on `window.nmflow`.
 */

/** What the jobs need from nmflow (the Node modules or the browser bundle). */
export interface JobLibrary {
  initBackend(name: string): Promise<unknown>;
  nnls(
    A: unknown,
    b: unknown,
    options: object,
  ): Promise<{
    objective: number;
    iterations: number;
    x: { dispose(): void };
  }>;
  factorize(
    X: unknown,
    options: object,
  ): Promise<{
    relativeError: number;
    nIter: number;
    W: { dispose(): void };
    H: { dispose(): void };
  }>;
  generateSwimmer(): { X: unknown };
  generateNnlsProblem(o: object): { A: Float64Array; b: Float64Array; m: number; n: number };
  tf: { getBackend(): string; memory(): { numTensors: number } };
}

/** One job's numbers. */
export interface JobResults {
  backend: string;
  nnls: Record<string, { objective: number; iterations: number }>;
  nmf: Record<string, { relativeError: number; iterations: number }>;
  /** Tensors left behind by the jobs (should be 0). */
  leakedTensors: number;
}

/** Runs the jobs on `backend` (when given) with `lib`, or the page's `window.nmflow`. */
export async function referenceJobs(arg: {
  backend?: string;
  lib?: JobLibrary;
}): Promise<JobResults> {
  const lib = arg.lib ?? (globalThis as unknown as { nmflow: JobLibrary }).nmflow;
  if (arg.backend) await lib.initBackend(arg.backend);
  const before = lib.tf.memory().numTensors;
  const p = lib.generateNnlsProblem({ m: 60, n: 120, s: 6, noise: 0.05, seed: 3 });
  const A = { data: Float32Array.from(p.A), shape: [p.m, p.n] };
  const b = Array.from(p.b);
  const nnls: JobResults['nnls'] = {};
  const nnlsRuns: Record<string, object> = {
    overparam: { solver: 'overparam' },
    'pgd, 400 iterations': { solver: 'pgd', maxIter: 400, tol: 0, polish: false },
    'active-set': { solver: 'active-set' },
  };
  for (const [name, options] of Object.entries(nnlsRuns)) {
    const r = await lib.nnls(A, b, options);
    r.x.dispose();
    nnls[name] = { objective: r.objective, iterations: r.iterations };
  }
  const { X } = lib.generateSwimmer();
  const nmf: JobResults['nmf'] = {};
  const nmfRuns: Record<string, object> = {
    'anls, 30 iterations': { solver: 'anls' },
    'hals, 30 iterations': { solver: 'hals' },
    'mu, 30 iterations': { solver: 'mu' },
  };
  for (const [name, options] of Object.entries(nmfRuns)) {
    const r = await lib.factorize(X, { rank: 8, seed: 0, maxIter: 30, tol: 0, ...options });
    r.W.dispose();
    r.H.dispose();
    nmf[name] = { relativeError: r.relativeError, iterations: r.nIter };
  }
  return {
    backend: lib.tf.getBackend(),
    nnls,
    nmf,
    leakedTensors: lib.tf.memory().numTensors - before,
  };
}
