/**
 * Where the default `anls` (overparam engine) spends its time, per bench:nmf case: the shares
 * of the products (X·Ĥᵀ, Wᵀ·X), the two fused half-steps (Gram + BB iterations), the error
 * evaluation, the component guard and the rest (extrapolation, bookkeeping), and the inner
 * iterations per half. Shares, not absolute times: the machine this runs on may be shared.
 *
 * Usage: node dist/scripts/profile-anls.js [--cases spam-20,sotu-10] [--iterations 30]
 *        [--target 0.865967] [--dir /tmp/nmflow-profile-cases] [--nnls '{"maxIter":10}']
 * The cases' matrices are written once under --dir and reused.
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { factorize, initBackend } from '../src';
import { anlsProfile } from '../src/nmf/anls-overparam';
import { CASES, readCase, writeCase, type BenchCase } from './bench-nmf-cases';

async function caseFor(name: string, root: string): Promise<BenchCase> {
  const spec = CASES.find((c) => c.name === name);
  if (!spec) throw new Error(`unknown case ${name}`);
  const meta = path.join(root, name, 'case.json');
  try {
    return JSON.parse(await fs.readFile(meta, 'utf8')) as BenchCase;
  } catch {
    const c = await writeCase(spec, root);
    await fs.writeFile(meta, JSON.stringify(c));
    return c;
  }
}

function summary(a: number[]): string {
  if (a.length === 0) return '-';
  const mean = a.reduce((s, v) => s + v, 0) / a.length;
  return `mean ${mean.toFixed(1)}, first ${a.slice(0, 5).join(' ')}, last ${a.slice(-5).join(' ')}`;
}

async function main() {
  const argv = await yargs(hideBin(process.argv))
    .option('cases', { type: 'string', default: 'spam-20' })
    .option('iterations', { type: 'number', default: 30 })
    .option('target', { type: 'number', describe: 'stop at this relative error' })
    .option('dir', { type: 'string', default: '/tmp/nmflow-profile-cases' })
    .option('nnls', { type: 'string', describe: 'nnlsOptions as JSON, e.g. {"maxIter":10}' })
    .parse();
  await initBackend('wasm');
  for (const name of argv.cases.split(',')) {
    const c = await caseFor(name, argv.dir);
    const X = await readCase(c);
    anlsProfile.reset();
    anlsProfile.on = true;
    const controller = new AbortController();
    let reached: number | undefined;
    const gaps = [1e-3, 1e-4, 1e-5, 0];
    const crossed: (string | undefined)[] = [];
    const r = await factorize(X, {
      rank: c.rank,
      solver: 'anls',
      init: 'nndsvda',
      tol: 0,
      maxIter: argv.target !== undefined ? 100000 : argv.iterations,
      checkEvery: 1,
      timeLimitSeconds: 60,
      ...(argv.nnls !== undefined ? { nnlsOptions: JSON.parse(argv.nnls) as object } : {}),
      signal: controller.signal,
      onIteration: (info) => {
        if (argv.target !== undefined) {
          for (const [i, d] of gaps.entries()) {
            if (crossed[i] === undefined && info.relativeError <= argv.target + d) {
              crossed[i] = `${info.iteration} it. ${info.seconds.toFixed(1)} s`;
            }
          }
        }
        if (
          argv.target !== undefined &&
          reached === undefined &&
          info.relativeError <= argv.target
        ) {
          reached = info.iteration;
          controller.abort();
        }
      },
    });
    anlsProfile.on = false;
    r.W.dispose();
    r.H.dispose();
    const p = anlsProfile;
    const parts: [string, number][] = [
      ['X·Ĥᵀ', p.productW],
      ['W half', p.halfW],
      ['Wᵀ·X', p.productH],
      ['H half', p.halfH],
      ['error', p.error],
      ['guard', p.guard],
      ['rest', p.other],
    ];
    const total = parts.reduce((s, [, v]) => s + v, 0);
    console.log(
      `${name} (${c.rows} × ${c.cols}, rank ${c.rank}): ${r.nIter} iterations, error ` +
        `${r.relativeError.toFixed(6)}, ${r.seconds.toFixed(2)} s in all` +
        (argv.target !== undefined
          ? `, target ${reached !== undefined ? `at ${reached}` : 'not reached'}`
          : ''),
    );
    console.log(
      `  shares of the rule's time: ${parts.map(([l, v]) => `${l} ${((100 * v) / total).toFixed(0)}%`).join(', ')}`,
    );
    if (argv.target !== undefined) {
      console.log(
        `  error within target + ${gaps.map((d, i) => `${d}: ${crossed[i] ?? '-'}`).join(', ')}`,
      );
    }
    console.log(
      `  guard: zeroed dead components only after ${p.zeroedOnly} iterations, ` +
        `restarted after ${p.restarts} (re-seeds, merges)`,
    );
    console.log(`  inner iterations, W half: ${summary(p.innerW)}`);
    console.log(`  inner iterations, H half: ${summary(p.innerH)}`);
  }
}

void main();
