// Type-checks the installed package from a ES-module TypeScript file (strict).
import { nnls, factorize, NMF, NmflowError, type NnlsResult, type NmfResult } from 'nmflow';
import { readMatrixFile, writeMatrixFile, type MatrixFormat } from 'nmflow/node';

export async function check(): Promise<number> {
  const res: NnlsResult = await nnls(
    [
      [1, 0],
      [0, 1],
    ],
    [1, 2],
    { solver: 'overparam', tol: 1e-6 },
  );
  const x: number[][] = (await res.x.array()) as number[][];
  res.x.dispose();
  const r: NmfResult = await factorize(
    [
      [1, 2],
      [3, 4],
    ],
    { rank: 1, maxIter: 10 },
  );
  r.W.dispose();
  r.H.dispose();
  const model = new NMF({ rank: 1 });
  const fmt: MatrixFormat = 'csv';
  await writeMatrixFile(
    'm.csv',
    { data: Float32Array.from(x.flat()), shape: [x.length, x[0].length] },
    { format: fmt },
  );
  const m = await readMatrixFile('m.csv');
  const e: unknown = new NmflowError('usage', 'x');
  return m.shape[0] + (e instanceof NmflowError ? 1 : 0) + (model ? 0 : 1);
}
