/**
 * `npm run experiment -- NAME [--scale smoke|full] [--seed S] [--out DIR] [--backend B]`
 * runs one of the paper's experiments (or `list`) and writes its record to DIR
 * (default `out/experiments/NAME-SCALE`).
 */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import '../src/kernels/node-threads';
import { initBackend } from '../src/backend';
import { isUserError } from '../src/errors';
import { claimVerdict, getExperiment, listExperiments, runExperiment } from '../src/experiments';

async function main(): Promise<void> {
  const argv = await yargs(hideBin(process.argv))
    .scriptName('npm run experiment --')
    .command('$0 <name>', 'run an experiment (or "list")')
    .positional('name', { type: 'string', demandOption: true })
    .option('scale', { choices: ['smoke', 'full'] as const, default: 'smoke' as const })
    .option('seed', { type: 'number' })
    .option('out', { type: 'string' })
    .option('backend', { type: 'string' })
    .strict()
    .parse();
  const name = argv.name as string;
  if (name === 'list') {
    for (const e of listExperiments()) console.log(`${e.name.padEnd(24)} ${e.description}`);
    return;
  }
  getExperiment(name); // fails early, with the known names
  const info = await initBackend(argv.backend);
  const outDir = argv.out ?? `out/experiments/${name}-${argv.scale}`;
  console.error(`backend: ${info.name}; writing to ${outDir}`);
  const run = await runExperiment(name, {
    scale: argv.scale,
    seed: argv.seed,
    outDir,
    onProgress: (msg, f) =>
      console.error(`  ${f === undefined ? '' : `${Math.round(f * 100)}% `}${msg}`),
  });
  for (const c of run.claims) {
    console.log(`${claimVerdict(c)}: ${c.claim} ${c.evidence}`);
  }
  console.log(`wrote ${run.files.join(', ')} to ${run.outDir}`);
}

main().catch((err) => {
  console.error(`error: ${(err as Error).message}`);
  process.exit(isUserError(err) ? 2 : 1);
});
