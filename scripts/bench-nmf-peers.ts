/**
 * The peers of `npm run bench:nmf`: scikit-learn's NMF (`cd` and `mu`) through /usr/bin/python3
 * and RcppML through Rscript, each in its own process on a case written by bench-nmf-cases.ts.
 *
 * Every peer reports the same record as nmflow's child: the time until its relative error
 * ‖X − WH‖_F/‖X‖_F first reaches the case's target (init included), its iterations then, its
 * final error and its peak memory growth (VmHWM − VmRSS after the data is loaded, the peak
 * reset through /proc/self/clear_refs, as for nmflow).
 *
 * How each finds its time to target:
 * - sklearn `cd`: the target is its own final error, so its time is the whole fit.
 * - sklearn `mu`: per-iteration errors, computed after each H update by a wrapper of
 *   `_multiplicative_update_h` with the clock paused while it measures (one run).
 * - RcppML: repeated runs from the same seed with increasing `maxit` (5, 10, 20, … and then a
 *   bisection), `tol` 1e-12 so each runs exactly `maxit` iterations; the time of the shortest
 *   run that reaches the target. RcppML starts from random factors (it has no nndsvda).
 */
import { execFileSync } from 'child_process';
import type { BenchCase } from './bench-nmf-cases';

export const PYTHON = '/usr/bin/python3';

/** One solver's measure on one case (nmflow's children print the same). */
export interface Measure {
  solver: string;
  reached: boolean;
  seconds: number;
  iterations: number;
  relativeError: number;
  peakDeltaMB: number;
  note?: string;
}

const PY_COMMON = `
import json, sys, time
import numpy as np
def status(key):
    with open('/proc/self/status') as f:
        for line in f:
            if line.startswith(key): return int(line.split()[1]) / 1024
def load(d, kind, rows, cols):
    if kind == 'dense':
        return np.fromfile(d + '/data.f32', dtype=np.float32).reshape(rows, cols)
    import scipy.sparse as sp
    return sp.csr_matrix((np.fromfile(d + '/values.f32', dtype=np.float32),
        np.fromfile(d + '/indices.i32', dtype=np.int32),
        np.fromfile(d + '/indptr.i32', dtype=np.int32)), shape=(rows, cols))
def sq(X):
    return float(X.multiply(X).sum()) if hasattr(X, 'multiply') else float(np.sum(np.square(X, dtype=np.float64)))
def rel(X, xx, W, H):
    # ‖X − WH‖² = ‖X‖² − 2⟨XHᵀ, W⟩ + ⟨WᵀW, HHᵀ⟩, without forming WH (sparse X stays sparse)
    W = W.astype(np.float64); H = H.astype(np.float64)
    cross = float(np.sum(np.asarray(X @ H.T) * W))
    return float(np.sqrt(max(xx - 2 * cross + float(np.sum((W.T @ W) * (H @ H.T))), 0) / xx))
d, kind, rows, cols, k, solver, target = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6], float(sys.argv[7])
X = load(d, kind, rows, cols)
xx = sq(X)
import sklearn
from sklearn.decomposition import NMF
import sklearn.decomposition._nmf as nmf_module
with open('/proc/self/clear_refs', 'w') as f: f.write('5')
base = status('VmRSS:')
`;

const SKLEARN = `${PY_COMMON}
reached = None
paused = 0.0
iters = 0
if solver == 'mu' and target > 0:
    inner = nmf_module._multiplicative_update_h
    def wrapped(X_, W, H, *a, **kw):
        global reached, paused, iters
        H = inner(X_, W, H, *a, **kw)
        iters += 1
        if reached is None:
            p = time.perf_counter()
            if rel(X, xx, W, H) <= target: reached = (p - t0 - paused, iters)
            paused += time.perf_counter() - p
        return H
    nmf_module._multiplicative_update_h = wrapped
m = NMF(n_components=k, solver=solver, init='nndsvda', max_iter=200, tol=1e-4, random_state=0)
t0 = time.perf_counter(); W = m.fit_transform(X); seconds = time.perf_counter() - t0 - paused
peak = status('VmHWM:')
err = rel(X, xx, W, m.components_)
if solver == 'cd': reached = (seconds, int(m.n_iter_))
print(json.dumps(dict(solver='sklearn-' + solver, reached=reached is not None,
    seconds=reached[0] if reached else seconds, iterations=reached[1] if reached else int(m.n_iter_),
    relativeError=err, peakDeltaMB=peak - base, note='sklearn ' + sklearn.__version__)))
`;

const RCPPML = `
args <- commandArgs(TRUE)
d <- args[1]; kind <- args[2]; rows <- as.integer(args[3]); cols <- as.integer(args[4])
k <- as.integer(args[5]); target <- as.numeric(args[6]); maxSeconds <- as.numeric(args[7])
suppressMessages({ library(Matrix); library(RcppML) })
status <- function(key) {
  l <- grep(paste0('^', key), readLines('/proc/self/status'), value = TRUE)
  as.numeric(strsplit(trimws(sub(key, '', l)), ' +')[[1]][1]) / 1024
}
readf <- function(f, what, size, n) readBin(file.path(d, f), what, n = n, size = size)
# A = Xᵀ (cols × rows): the row-major X read column-major, or its CSR read as CSC.
if (kind == 'dense') {
  A <- matrix(readf('data.f32', 'numeric', 4, rows * cols), nrow = cols)
} else {
  p <- readf('indptr.i32', 'integer', 4, rows + 1)
  A <- new('dgCMatrix', p = p, i = readf('indices.i32', 'integer', 4, p[rows + 1]),
           x = readf('values.f32', 'numeric', 4, p[rows + 1]), Dim = c(cols, rows))
}
aa <- sum(A^2)
relErr <- function(m) {
  W <- m$w %*% diag(m$d, nrow = length(m$d)); H <- m$h
  sqrt(max(aa - 2 * sum(as.matrix(crossprod(W, A)) * H) + sum(crossprod(W) * tcrossprod(H)), 0) / aa)
}
invisible(writeLines('5', '/proc/self/clear_refs'))
base <- status('VmRSS:')
run <- function(maxit) {
  t <- system.time(m <- RcppML::nmf(A, k, tol = 1e-12, maxit = maxit, verbose = FALSE, seed = 0))[['elapsed']]
  list(seconds = t, err = relErr(m), maxit = maxit)
}
hit <- NULL; miss <- 0; last <- NULL; spent <- 0; maxit <- 5
while (is.null(hit) && spent < maxSeconds && maxit <= 5120) {
  r <- run(maxit); spent <- spent + r$seconds; last <- r
  if (r$err <= target) hit <- r else { miss <- maxit; maxit <- maxit * 2 }
}
if (!is.null(hit)) {
  while (hit$maxit - miss > max(1, hit$maxit %/% 16) && spent < maxSeconds) {
    r <- run((miss + hit$maxit) %/% 2); spent <- spent + r$seconds
    if (r$err <= target) hit <- r else miss <- r$maxit
  }
}
best <- if (is.null(hit)) last else hit
cat(sprintf('{"solver":"rcppml","reached":%s,"seconds":%.4f,"iterations":%d,"relativeError":%.6f,"peakDeltaMB":%.1f,"note":"RcppML %s, %d threads, random init"}\\n',
  if (is.null(hit)) 'false' else 'true', best$seconds, best$maxit, best$err, status('VmHWM:') - base,
  as.character(packageVersion('RcppML')), as.integer(getOption('RcppML.threads', 0))))
`;

let haveSklearn: boolean | undefined;
let haveRcppml: boolean | undefined;

/** Whether PYTHON imports sklearn (asked once; says so once when not). */
export function sklearnAvailable(): boolean {
  if (haveSklearn === undefined) {
    try {
      execFileSync(PYTHON, ['-c', 'import sklearn, scipy'], { stdio: 'ignore' });
      haveSklearn = true;
    } catch {
      console.log(`(${PYTHON} has no scikit-learn: apt-get install -y python3-sklearn to compare)`);
      haveSklearn = false;
    }
  }
  return haveSklearn;
}

/** Whether Rscript loads RcppML (asked once; says so once when not). */
export function rcppmlAvailable(): boolean {
  if (haveRcppml === undefined) {
    try {
      execFileSync('Rscript', ['-e', 'suppressMessages(library(RcppML))'], { stdio: 'ignore' });
      haveRcppml = true;
    } catch {
      console.log('(no RcppML through Rscript: apt-get install -y r-cran-rcppml to compare)');
      haveRcppml = false;
    }
  }
  return haveRcppml;
}

function parse(out: string, what: string): Measure | undefined {
  const line = out.trim().split('\n').pop() ?? '';
  if (!line.startsWith('{')) {
    console.log(`${what}: no result (${line.slice(0, 200)})`);
    return undefined;
  }
  return JSON.parse(line) as Measure;
}

/** sklearn NMF(solver) on the case; `target` (0: none) for the time to target of `mu`. */
export function runSklearn(c: BenchCase, solver: 'cd' | 'mu', target: number): Measure | undefined {
  if (!sklearnAvailable()) return undefined;
  try {
    const args = [c.dir, c.kind, c.rows, c.cols, c.rank, solver, target].map(String);
    // BLAS keeps its default threads (the products of the setup and the error); cd's own
    // sweeps are single-threaded.
    const out = execFileSync(PYTHON, ['-W', 'ignore', '-c', SKLEARN, ...args], {
      encoding: 'utf8',
    });
    return parse(out, `sklearn-${solver}`);
  } catch (err) {
    console.log(`sklearn-${solver}: failed (${String(err).split('\n').slice(-3).join(' | ')})`);
    return undefined;
  }
}

/** RcppML::nmf on the case (all its OpenMP threads), time to `target` by repeated runs. */
export function runRcppml(c: BenchCase, target: number, maxSeconds: number): Measure | undefined {
  if (!rcppmlAvailable()) return undefined;
  try {
    const args = [c.dir, c.kind, c.rows, c.cols, c.rank, target, maxSeconds].map(String);
    const out = execFileSync('Rscript', ['-e', RCPPML, ...args], { encoding: 'utf8' });
    return parse(out, 'rcppml');
  } catch (err) {
    console.log(`rcppml: failed (${String(err).split('\n').slice(-3).join(' | ')})`);
    return undefined;
  }
}
