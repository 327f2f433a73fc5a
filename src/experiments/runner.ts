/**
 * Runs a named experiment and writes its record to `outDir`:
 * - `config.json`: experiment, scale, seed, all parameters, backend, nmflow and tfjs versions,
 *   machine, start time;
 * - `results.json`: the raw numbers (same seed, same backend ⇒ byte-identical);
 * - `timings.json`: seconds measured (kept out of results.json);
 * - `<plot>.svg`: the figures;
 * - `summary.md`: what was run, the table, and one verdict sentence per claim.
 * Every file is written atomically (temporary file, then rename).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs-core';
import { writeFileAtomic } from '../atomic-file';
import { currentBackend } from '../backend';
import { NmflowError, usageError } from '../errors';
import { checkChoice, checkNumber } from '../options';
import { solverNames } from '../nnls';
import { getExperiment } from './registry';
import { taskRunner, type RemoteTasks } from './tasks';
import { SCALES, type Claim, type ExperimentOutput, type Scale } from './types';

export interface RunExperimentOptions {
  /** `smoke` (seconds; default) or `full` (the README figures). */
  scale?: Scale;
  /** Base seed (default: the experiment's own). */
  seed?: number;
  /** Output folder, created if missing. */
  outDir: string;
  /** Progress messages; `fraction` in [0, 1] when known. */
  onProgress?: (message: string, fraction?: number) => void;
  /**
   * Where the experiment's independent runs (its tasks: seeds, methods…) go, e.g. jobs on
   * Redis workers; default: this process, one after the other. Same results either way.
   */
  remoteTasks?: RemoteTasks;
}

export interface ExperimentRun {
  name: string;
  scale: Scale;
  seed: number;
  outDir: string;
  /** Paths of the files written, relative to `outDir`. */
  files: string[];
  claims: Claim[];
  output: ExperimentOutput;
}

function packageVersion(): string {
  for (const rel of ['../../package.json', '../../../package.json']) {
    const file = path.join(__dirname, rel);
    if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')).version;
  }
  return 'unknown';
}

/** The file listing what an experiment run wrote (`{ experiment, files }`), written last. */
export const EXPERIMENT_MANIFEST = 'manifest.json';

/** Runs experiment `name` and writes its files; returns what was written. */
export async function runExperiment(
  name: string,
  options: RunExperimentOptions,
): Promise<ExperimentRun> {
  const experiment = getExperiment(name);
  const scale = checkChoice('scale', options.scale ?? 'smoke', SCALES);
  const seed = checkNumber('seed', options.seed ?? experiment.seed, { integer: true, min: 0 });
  if (typeof options.outDir !== 'string' || options.outDir === '') {
    throw usageError('option outDir must be a folder path');
  }
  const missing = experiment.solvers.filter((s) => !solverNames().includes(s));
  if (missing.length > 0) {
    throw usageError(
      `experiment "${name}" needs NNLS solvers that are not registered: ${missing.join(', ')}; ` +
        `registered: ${solverNames().join(', ')}`,
    );
  }
  const outDir = path.resolve(options.outDir);
  try {
    fs.mkdirSync(outDir, { recursive: true });
  } catch (err) {
    throw new NmflowError('io', `cannot create ${outDir}: ${(err as Error).message}`);
  }
  const backend = await currentBackend();
  const params = experiment.parameters[scale];
  const config = {
    experiment: name,
    description: experiment.description,
    scale,
    seed,
    parameters: params,
    backend: backend.name,
    nmflowVersion: packageVersion(),
    tfjsVersion: tf.version_core,
    machine: {
      platform: `${os.platform()} ${os.release()}`,
      arch: os.arch(),
      cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown'}`,
      memoryGiB: +(os.totalmem() / 2 ** 30).toFixed(1),
      node: process.version,
    },
    startedAt: new Date().toISOString(),
  };
  const files: string[] = [];
  const write = (file: string, text: string | Uint8Array) => {
    writeFileAtomic(path.join(outDir, file), text);
    files.push(file);
  };
  write('config.json', JSON.stringify(config, null, 2) + '\n');
  const progress = options.onProgress ?? (() => undefined);
  const started = performance.now();
  const runTasks = taskRunner(
    experiment,
    { experiment: name, scale, seed },
    params,
    options.remoteTasks,
  );
  const output = await experiment.run({ scale, seed, params, progress, runTasks });
  const totalSeconds = (performance.now() - started) / 1000;
  write('results.json', JSON.stringify(output.results, null, 2) + '\n');
  write('timings.json', JSON.stringify({ totalSeconds, ...output.timings }, null, 2) + '\n');
  for (const plot of output.plots) write(`${plot.file}.svg`, plot.svg);
  for (const extra of output.files ?? []) write(extra.name, extra.data);
  write('summary.md', summary(name, experiment.description, config, output, totalSeconds));
  // Last: the list of what this run wrote (itself included), so that `--force` can replace
  // exactly that.
  files.push(EXPERIMENT_MANIFEST);
  writeFileAtomic(
    path.join(outDir, EXPERIMENT_MANIFEST),
    JSON.stringify({ experiment: name, files }, null, 2) + '\n',
  );
  return { name, scale, seed, outDir, files, claims: output.claims, output };
}

/** How summary.md and the CLI state a claim's verdict. */
export function claimVerdict(c: Claim): string {
  return c.supported === true ? 'supported' : c.supported === false ? 'NOT supported' : 'undecided';
}

function summary(
  name: string,
  description: string,
  config: { scale: Scale; seed: number; backend: string; parameters: object },
  out: ExperimentOutput,
  seconds: number,
): string {
  const t = out.table;
  const lines = [
    `# Experiment \`${name}\``,
    '',
    description,
    '',
    `Scale \`${config.scale}\`, seed ${config.seed}, backend \`${config.backend}\`, ` +
      `${seconds.toFixed(1)} s. Parameters: \`${JSON.stringify(config.parameters)}\`.`,
    `Regenerate: \`npm run experiment -- ${name} --scale ${config.scale} --seed ${config.seed}\`.`,
    '',
    '## Results',
    '',
    `| ${t.columns.join(' | ')} |`,
    `|${t.columns.map(() => '---').join('|')}|`,
    ...t.rows.map((r) => `| ${r.join(' | ')} |`),
    '',
    '## Claims',
    '',
    ...out.claims.map((c) => `- **${claimVerdict(c)}**: ${c.claim} ${c.evidence}`),
  ];
  if (out.notes?.length) lines.push('', '## Notes', '', ...out.notes.map((n) => `- ${n}`));
  if (out.plots.length) {
    lines.push('', '## Figures', '', ...out.plots.map((p) => `![${p.caption}](${p.file}.svg)`));
  }
  const images = (out.files ?? []).filter((f) => f.name.endsWith('.png'));
  const texts = (out.files ?? []).filter((f) => !f.name.endsWith('.png'));
  if (images.length) lines.push('', ...images.map((f) => `![${f.caption}](${f.name})`));
  if (texts.length)
    lines.push(
      '',
      '## Other files',
      '',
      ...texts.map((f) => `- [${f.name}](${f.name}): ${f.caption}`),
    );
  return lines.join('\n') + '\n';
}
