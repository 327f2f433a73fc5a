"""scikit-learn's final relative error at a given tol, for comparison with nmflow's stopping rule.

Usage: python3 scripts/sklearn-tol-reference.py FILE RANK [TOL] [MAX_ITER]
FILE: a .npy (dense) or .mtx (sparse) matrix as written by `nmflow datasets export`.
Prints one JSON line: {file, rank, tol, maxIter, solver, nIter, relativeError, seconds}.
Benchmark only (never run by the tests): needs numpy, scipy and scikit-learn (Debian:
python3-sklearn).
"""
import json
import sys
import time

import numpy as np
import scipy.io
import scipy.sparse
from sklearn.decomposition import NMF

path, rank = sys.argv[1], int(sys.argv[2])
tol = float(sys.argv[3]) if len(sys.argv) > 3 else 1e-4
max_iter = int(sys.argv[4]) if len(sys.argv) > 4 else 200
X = np.load(path) if path.endswith(".npy") else scipy.sparse.csr_matrix(scipy.io.mmread(path))
X = X.astype(np.float64)
norm = np.sqrt(X.multiply(X).sum()) if scipy.sparse.issparse(X) else np.linalg.norm(X)
for solver in ("cd", "mu"):
    t = time.time()
    model = NMF(rank, solver=solver, tol=tol, max_iter=max_iter, init="nndsvda", random_state=0)
    model.fit(X)
    print(json.dumps({
        "file": path, "rank": rank, "tol": tol, "maxIter": max_iter, "solver": solver,
        "nIter": int(model.n_iter_), "relativeError": float(model.reconstruction_err_ / norm),
        "seconds": round(time.time() - t, 2),
    }), flush=True)
