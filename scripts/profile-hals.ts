/**
 * Where `hals`'s time goes, per bench:nmf case: the share of the fit's wall time (init
 * excluded) spent in X·Hᵀ, in Wᵀ·X, in the sweep op (its Gram matrix and copies apart from the
 * sweeps themselves), in the fit's error, and in everything else (tensor conversions,
 * transposes, extrapolation, the component guard, dispatch). Shares, not seconds: the build
 * machine is shared, so only ratios within one run mean anything.
 *
 * It times the kernels by wrapping them (prototype and module-export wrappers, this process
 * only). Usage: node dist/scripts/profile-hals.js [--cases spam-20,sotu-10] [--iterations 30]
 */
import * as os from 'os';
import * as path from 'path';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { factorize, initBackend } from '../src';
import { CASES, readCase, writeCase } from './bench-nmf-cases';
import { DenseProducts } from '../src/kernels/wasm/dense-products';
import { SparseProducts } from '../src/kernels/wasm/sparse-products';
import { WasmSweeps } from '../src/kernels/wasm/sweep-wasm';
import * as sweepHost from '../src/kernels/hals-sweep-host';
import * as gramFit from '../src/nmf/gram-fit';
import * as dataModule from '../src/nmf/data';
import * as initModule from '../src/nmf/init';
import * as svdModule from '../src/linalg/svd';

const totals: Record<string, number> = {};

/** Wraps `owner[name]` (a method or a module export) to add its time to totals[label]. */
function timed(owner: object, name: string, label: string): void {
  const o = owner as Record<string, (...a: unknown[]) => unknown>;
  const f = o[name];
  o[name] = function (this: unknown, ...args: unknown[]) {
    const t = performance.now();
    try {
      return f.apply(this, args);
    } finally {
      totals[label] = (totals[label] ?? 0) + performance.now() - t;
    }
  };
}

// X·Hᵀ from Hᵀ (`times`, what the fit calls) or from H.
for (const name of ['times', 'timesTransposed']) {
  timed(DenseProducts.prototype, name, 'X·Hᵀ');
  timed(SparseProducts.prototype, name, 'X·Hᵀ');
}
timed(DenseProducts.prototype, 'transposedTimes', 'Wᵀ·X');
timed(SparseProducts.prototype, 'transposedTimes', 'Wᵀ·X');
timed(sweepHost, 'halsSweepHost', 'sweep op');
timed(WasmSweeps.prototype, 'sweep', 'sweeps');
timed(gramFit, 'squaredError', 'error');
timed(dataModule, 'readData', 'setup: reading X');
timed(initModule, 'nndsvd', 'setup: nndsvd');
timed(svdModule, 'randomizedSvd', 'setup: randomized SVD');

async function main() {
  const argv = await yargs(hideBin(process.argv))
    .option('cases', { type: 'string', default: 'spam-20,sotu-10,wide-10' })
    .option('iterations', { type: 'number', default: 30 })
    .parse();
  await initBackend('wasm');
  const root = path.join(os.tmpdir(), 'nmflow-bench-nmf');
  for (const name of argv.cases.split(',')) {
    const spec = CASES.find((c) => c.name === name);
    if (!spec) throw new Error(`unknown case ${name}`);
    const X = await readCase(await writeCase(spec, root));
    let start = 0;
    let last = 0;
    for (const key of Object.keys(totals)) delete totals[key];
    const t0 = performance.now();
    const r = await factorize(X, {
      rank: spec.rank,
      solver: 'hals',
      init: 'nndsvda',
      tol: 0,
      maxIter: argv.iterations,
      checkEvery: 1,
      onIteration: (info) => {
        if (info.iteration === 1) {
          // The first iteration's time includes the init: measure from its end.
          const setupParts = Object.entries(totals);
          console.log(setupParts.map(([key, v]) => `${key} ${v.toFixed(0)} ms`).join(', '));
          for (const key of Object.keys(totals)) delete totals[key];
          start = performance.now();
        }
        last = performance.now();
      },
    });
    r.W.dispose();
    r.H.dispose();
    const wall = last - start;
    const t = (key: string) => totals[key] ?? 0;
    const shares: [string, number][] = [
      ['X·Hᵀ', t('X·Hᵀ')],
      ['Wᵀ·X', t('Wᵀ·X')],
      ['sweeps', t('sweeps')],
      ['Gram+copies in sweep op', t('sweep op') - t('sweeps')],
      ['error', t('error')],
    ];
    const known = shares.reduce((s, [, v]) => s + v, 0);
    shares.push(['other (conversions, transposes, guard, dispatch)', wall - known]);
    const its = r.nIter - 1;
    const setup = start - t0 - wall / its;
    console.log(
      `${name}: ${its} iterations after the first, ${(wall / its).toFixed(1)} ms each, error ${r.relativeError.toFixed(6)}; ` +
        `setup and init ≈ ${setup.toFixed(0)} ms (${(setup / (wall / its)).toFixed(1)} iterations)`,
    );
    for (const [label, v] of shares) console.log(`  ${(v / wall).toFixed(3)}  ${label}`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
