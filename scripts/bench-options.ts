/**
 * Seconds per outer iteration of `anls` with its off-default options against the default, on
 * MNIST at rank 16 (issue 16: "within 3× the default's time per outer iteration"), all in one
 * process: `step` armijo | exact | fixed (engine overparam) and the engines overparam-nesterov,
 * overparam-mirror, apg, pgd. Each run: init nndsvda, `--iterations` outer iterations (tol 0),
 * the init excluded (the time between the first and the last iteration callback).
 *
 * Usage: npm run bench:options [-- --rows 10000 --iterations 10 --rounds 3 --backend wasm
 *        --only default,armijo]
 */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { factorize, initBackend, loadDataset, type NmfOptions } from '../src';

interface Variant {
  name: string;
  options: Partial<NmfOptions>;
}

const VARIANTS: Variant[] = [
  { name: 'default', options: {} },
  { name: 'step armijo', options: { nnlsOptions: { step: 'armijo' } } },
  { name: 'step exact', options: { nnlsOptions: { step: 'exact' } } },
  { name: 'step fixed', options: { nnlsOptions: { step: 'fixed' } } },
  { name: 'overparam-nesterov', options: { nnlsSolver: 'overparam-nesterov' } },
  { name: 'overparam-mirror', options: { nnlsSolver: 'overparam-mirror' } },
  { name: 'apg', options: { nnlsSolver: 'apg' } },
  { name: 'pgd', options: { nnlsSolver: 'pgd' } },
];

async function main() {
  const argv = await yargs(hideBin(process.argv))
    .option('rows', { type: 'number', default: 10000, describe: 'first rows of MNIST' })
    .option('iterations', { type: 'number', default: 10, describe: 'outer iterations timed' })
    .option('rounds', { type: 'number', default: 3, describe: 'rounds of all variants (median)' })
    .option('backend', { type: 'string', default: process.env.NMFLOW_BACKEND ?? 'auto' })
    .option('only', { type: 'string', describe: 'comma-separated variant names (first words)' })
    .strict()
    .parse();
  const info = await initBackend(argv.backend as Parameters<typeof initBackend>[0]);
  const ds = await loadDataset('mnist');
  const cols = ds.shape[1];
  const rows = Math.min(argv.rows, ds.shape[0]);
  const all = (ds.X as { data: ArrayLike<number> }).data;
  const data = Float32Array.from({ length: rows * cols }, (_, i) => all[i]);
  const wanted = argv.only?.split(',').map((s) => s.trim());
  const variants = VARIANTS.filter(
    (v) => !wanted || wanted.some((w) => v.name === w || v.name.split(' ').pop() === w),
  );
  if (!variants.some((v) => v.name === 'default')) variants.unshift(VARIANTS[0]);
  console.log(
    `MNIST ${rows} × ${cols}, rank 16, anls, ${argv.iterations} outer iterations (tol 0), ` +
      `${argv.rounds} rounds, backend ${info.name}`,
  );
  // Each round times the default then every variant; printed: the median seconds over the
  // rounds, their ratio to the default's median, and the range of the per-round ratios (single
  // runs here vary by ±25 %).
  const perIteration = new Map<string, number[]>();
  const ratios = new Map<string, number[]>();
  const errors = new Map<string, number>();
  for (let round = 0; round < argv.rounds; round++) {
    let base = NaN;
    for (const v of variants) {
      const per = await secondsPerIteration(data, rows, cols, argv.iterations, v, errors);
      if (per === undefined) continue;
      if (v.name === 'default') base = per;
      perIteration.set(v.name, [...(perIteration.get(v.name) ?? []), per]);
      ratios.set(v.name, [...(ratios.get(v.name) ?? []), per / base]);
    }
  }
  const base = median(perIteration.get('default') ?? [NaN]);
  for (const v of variants) {
    const r = ratios.get(v.name);
    if (!r) continue;
    const per = median(perIteration.get(v.name)!);
    const range = `${Math.min(...r).toFixed(2)}–${Math.max(...r).toFixed(2)}`;
    console.log(
      `${v.name.padEnd(20)} ${per.toFixed(4)} s/iteration  ×${(per / base).toFixed(2)} ` +
        `(rounds ${range})  error ${errors.get(v.name)!.toFixed(5)}`,
    );
  }
}

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

/** One fit's seconds per outer iteration (its init excluded), or undefined where it failed. */
async function secondsPerIteration(
  data: Float32Array,
  rows: number,
  cols: number,
  iterations: number,
  v: Variant,
  errors: Map<string, number>,
): Promise<number | undefined> {
  const marks: number[] = [];
  const run = factorize(
    { data, shape: [rows, cols] },
    {
      rank: 16,
      solver: 'anls',
      init: 'nndsvda',
      tol: 0,
      maxIter: iterations + 1,
      checkEvery: 1,
      seed: 0,
      ...v.options,
      onIteration: () => marks.push(performance.now()),
    },
  );
  const r = await run.catch((err: Error) => err);
  if (r instanceof Error) {
    console.log(`${v.name.padEnd(20)} failed: ${r.message.slice(0, 100)}`);
    return undefined;
  }
  r.W.dispose();
  r.H.dispose();
  errors.set(v.name, r.relativeError);
  return (marks[marks.length - 1] - marks[0]) / 1000 / (marks.length - 1);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
