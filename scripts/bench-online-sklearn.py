"""scikit-learn MiniBatchNMF on a Matrix Market file, for scripts/bench-online.ts.

usage: python3 bench-online-sklearn.py FILE RANK BATCH_SIZE PASSES [MAX_GB]
MAX_GB caps the address space (a MemoryError, not a machine out of memory, where X is too large).
Prints one JSON line: read/fit/transform seconds and the relative error ||X - WH||_F / ||X||_F
(W = transform(X) with the fitted H), computed on X's non-zeros and the Gram matrices.
"""
import json
import resource
import sys
import time

import numpy as np
import scipy.io
from sklearn.decomposition import MiniBatchNMF

path, k, batch, passes = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
if len(sys.argv) > 5:
    cap = int(float(sys.argv[5]) * 2**30)
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
t0 = time.time()
X = scipy.io.mmread(path).tocsr().astype(np.float64)
read = time.time() - t0
t0 = time.time()
model = MiniBatchNMF(
    n_components=k, batch_size=batch, max_iter=passes, tol=0, max_no_improvement=None,
    init="nndsvda", random_state=0,
)
model.fit(X)
fit = time.time() - t0
t0 = time.time()
W = model.transform(X)
transform = time.time() - t0
H = model.components_
coo = X.tocoo()
cross = 0.0
for s in range(0, coo.nnz, 1_000_000):
    r, c, v = coo.row[s:s + 1_000_000], coo.col[s:s + 1_000_000], coo.data[s:s + 1_000_000]
    cross += float(np.dot(v, np.einsum("ij,ji->i", W[r], H[:, c])))
xx = float(X.multiply(X).sum())
whwh = float(np.sum((W.T @ W) * (H @ H.T)))
error = np.sqrt(max(xx - 2 * cross + whwh, 0.0) / xx)
print(json.dumps({"read": read, "fit": fit, "transform": transform, "relativeError": error,
                  "steps": int(model.n_steps_), "epochs": int(model.n_iter_)}))
