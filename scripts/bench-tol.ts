/**
 * Where nmflow's default solver stops against scikit-learn at the same `tol` (issue 15): for
 * MNIST (rank 16), SOTU and SpamAssassin (rank 10), nmflow's final relative error, iterations
 * and time at `--tol` / `--max-iter` (defaults 1e-4 and 200, init nndsvda), and, when
 * /usr/bin/python3 has scikit-learn, sklearn's `cd` and `mu` on the same matrices
 * (scripts/sklearn-tol-reference.py on files written by the data-set registry).
 *
 * Usage: node dist/scripts/bench-tol.js [--tol 1e-4] [--max-iter 200] [--solver anls]
 * Prints one JSON line per fit.
 */
import { execFileSync } from 'child_process';
import * as os from 'os';
import * as path from 'path';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { factorize, initBackend, type NmfSolver } from '../src';
import { loadDataset } from '../src/datasets';

const PYTHON = '/usr/bin/python3';
const CASES: [string, number][] = [
  ['mnist', 16],
  ['sotu', 10],
  ['spam-assassin', 10],
];

function hasSklearn(): boolean {
  try {
    execFileSync(PYTHON, ['-c', 'import sklearn'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  const argv = await yargs(hideBin(process.argv))
    .option('tol', { type: 'number', default: 1e-4 })
    .option('max-iter', { type: 'number', default: 200 })
    .option('solver', { type: 'string' })
    .strict()
    .parse();
  await initBackend();
  const sklearn = hasSklearn();
  for (const [name, rank] of CASES) {
    const ds = await loadDataset(name);
    const r = await factorize(ds.X, {
      rank,
      tol: argv.tol,
      maxIter: argv['max-iter'],
      solver: argv.solver as NmfSolver | undefined,
    });
    r.W.dispose();
    r.H.dispose();
    const line = {
      dataset: name,
      rank,
      solver: `nmflow ${r.options.solver}`,
      nIter: r.nIter,
      converged: r.converged,
      relativeError: r.relativeError,
      seconds: r.seconds,
    };
    console.log(JSON.stringify(line));
    if (!sklearn) continue;
    const ext = ds.X && 'indptr' in (ds.X as object) ? 'mtx' : 'npy';
    const file = path.join(os.tmpdir(), `nmflow-bench-tol-${name}.${ext}`);
    execFileSync(process.execPath, [
      path.join(__dirname, '..', '..', 'bin', 'nmflow.js'),
      'datasets',
      'export',
      name,
      '--out',
      file,
    ]);
    const script = path.join(__dirname, '..', '..', 'scripts', 'sklearn-tol-reference.py');
    const args = [script, file, String(rank), String(argv.tol), String(argv['max-iter'])];
    process.stdout.write(execFileSync(PYTHON, ['-W', 'ignore', ...args], { encoding: 'utf8' }));
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
