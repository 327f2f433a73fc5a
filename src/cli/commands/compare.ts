/** `nmflow compare`: several NMF methods on the same data and seeds, side by side. */
import * as tf from '@tensorflow/tfjs-core';
import * as fs from 'fs';
import * as path from 'path';
import { checkRedisUrl, fitsOnRedis } from '../../distributed';
import { unpack32 } from '../../distributed/codec';
import { usageError } from '../../errors';
import { compareFactorizations, hoyerSparseness, NMF_SOLVERS, type NmfOptions } from '../../nmf';
import { findSolverDescriptor, solversSupporting } from '../../nmf/solvers';
import { solverNames } from '../../nnls';
import { comparisonPage, componentSummaries, topWords, type LossCurve } from '../../report';
import { commandLine, defineCommand, type Context } from '../context';
import { loadNmfData, type NmfInputData } from '../inputs';
import {
  checkRank,
  dataOptions,
  factorsOf,
  fitOptions,
  nmfOptions,
  type FitArgs,
} from '../nmf-args';
import { checkOutDir, replaceStaged } from '../output';
import { componentsPicture, curveOf, l1Norm, type Factor } from '../render';
import { table } from '../table';
import { fitWithProgress } from './factorize';

/** One method: an NMF update rule, and for `anls` the NNLS solver (`anls:NAME`). */
interface Method {
  name: string;
  solver: NmfOptions['solver'];
  nnlsSolver?: string;
}

interface Run {
  seed: number;
  relativeError: number;
  seconds: number;
  iterations: number;
  converged: boolean;
  sparsenessW: number;
  sparsenessH: number;
  l1W: number;
  l1H: number;
}

const MEASURES = [
  'relativeError',
  'seconds',
  'iterations',
  'sparsenessW',
  'sparsenessH',
  'l1W',
  'l1H',
] as const;

/** Parses `mu,hals,anls:active-set`, rejecting unknown names with the known ones. */
export function parseMethods(text: string): Method[] {
  const names = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (names.length === 0)
    throw usageError('option --methods needs at least one method, e.g. mu,hals');
  const known = `known methods: ${NMF_SOLVERS.join(', ')}, or anls:NNLS-SOLVER with NNLS-SOLVER one of ${solverNames().join(', ')}`;
  return names.map((name) => {
    const [solver, nnlsSolver, extra] = name.split(':');
    const d = findSolverDescriptor(solver);
    const ok =
      d !== undefined &&
      extra === undefined &&
      (nnlsSolver === undefined ||
        (d.capabilities.nnlsEngines === 'all' && solverNames().includes(nnlsSolver)));
    if (!ok) throw usageError(`unknown method "${name}"; ${known}`);
    return { name, solver: solver as NmfOptions['solver'], ...(nnlsSolver ? { nnlsSolver } : {}) };
  });
}

export const compareCommand = defineCommand({
  command: 'compare',
  describe: 'run several NMF methods on the same data and seeds; error, time, sparsity, stability',
  examples: [
    [
      '$0 compare --dataset swimmer --rank 16 --methods mu,hals,anls --seeds 3 --out out/cmp',
      'three methods, three seeds',
    ],
    [
      '$0 compare --dataset sotu --rank 10 --methods anls:active-set,anls:pgd --json',
      'NNLS engines inside ANLS',
    ],
  ],
  builder: (y) =>
    fitOptions(dataOptions(y))
      .option('methods', {
        type: 'string',
        demandOption: true,
        describe: `comma-separated: ${NMF_SOLVERS.join(', ')}, or anls:NNLS-SOLVER`,
      })
      .option('seeds', {
        type: 'number',
        default: 1,
        describe: 'seeds per method (--seed, --seed + 1, …)',
      })
      .option('top', {
        type: 'number',
        default: 10,
        describe: 'features and rows per component in the report',
      })
      .option('out', { type: 'string', describe: 'folder for compare.html and compare.json' })
      .option('redis', {
        type: 'string',
        describe: 'run the fits on `nmflow worker`s of this Redis server (redis://HOST:PORT)',
      })
      .option('force', {
        type: 'boolean',
        default: false,
        describe: '--out may be a non-empty folder: its nmflow outputs are replaced as a whole',
      }),
  run: async (args, ctx) => {
    const methods = parseMethods(args.methods);
    if (!Number.isInteger(args.seeds) || args.seeds < 1) {
      throw usageError(`option --seeds must be an integer ≥ 1, got ${args.seeds}`);
    }
    if (args.out !== undefined) checkOutDir(args.out, args.force);
    const missing = args['nan-as-missing'] === true;
    if (missing) methods.forEach(checkTakesMissing);
    const data = await loadNmfData(args, (t) => ctx.note(t));
    checkRank(args.rank, data.X.shape);
    const results = [];
    if (args.redis !== undefined) {
      const url = checkRedisUrl(args.redis);
      results.push(...(await runMethodsOnRedis(url, methods, data.X, args, ctx, missing)));
    } else {
      for (const m of methods) results.push(await runMethod(m, data.X, args, ctx, missing));
    }
    const columns = [
      'method',
      'relative error',
      'seconds',
      'iterations',
      'sparseness W',
      'sparseness H',
      'l1 W',
      'l1 H',
      'stability',
    ];
    const rows = results.map((r) => [
      r.method.name,
      ...MEASURES.map((k) => r.mean[k]),
      r.stability ?? '-',
    ]);
    const summary = {
      dataset: data.name,
      shape: data.X.shape,
      rank: args.rank,
      seeds: Array.from({ length: args.seeds }, (_, s) => args.seed + s),
      backend: ctx.backend.name,
      methods: results.map((r) => ({
        method: r.method.name,
        solver: r.method.solver,
        nnlsSolver: r.method.nnlsSolver,
        mean: r.mean,
        stability: r.stability,
        runs: r.runs,
      })),
      outDir: args.out === undefined ? null : path.resolve(args.out),
      files: [] as string[],
    };
    if (args.out !== undefined) {
      const page = comparisonPage({
        title: `nmflow compare: ${data.name}, rank ${args.rank}`,
        command: commandLine(),
        settings: {
          data: data.name,
          shape: data.X.shape.join(' × '),
          rank: args.rank,
          seeds: summary.seeds.join(', '),
          backend: ctx.backend.name,
        },
        table: { columns, rows },
        curves: results.map((r) => r.curve),
        methods: results.map((r) => ({
          name: r.method.name,
          componentsPng: data.imageShape && componentsPicture(r.H, data.imageShape),
          topics: data.vocabulary && topWords(r.H, data.vocabulary, 8),
          components: componentSummaries(r.W, r.H, data, args.top),
          heatmap: { H: r.H, ...(data.columnNames ? { columnNames: data.columnNames } : {}) },
        })),
      });
      ({ files: summary.files } = await replaceStaged(args.out, async (stage) => {
        fs.writeFileSync(stage.path('compare.html'), page);
        const { files: _files, ...saved } = summary;
        fs.writeFileSync(stage.path('compare.json'), JSON.stringify(saved, null, 2) + '\n');
      }));
    }
    const note =
      'means over seeds; sparseness: Hoyer (0 dense … 1 one non-zero) of the columns of W and rows of H; ' +
      'stability: mean cosine of matched components across seeds (1 = the same parts every time)';
    ctx.result(
      summary,
      `${table(columns, rows)}\n\n${note}${summary.outDir ? `\n\nwritten to ${summary.outDir}` : ''}`,
    );
  },
});

/** The options of method `m`'s fit with `seed`. */
function methodOptions(m: Method, args: FitArgs, seed: number, missing: boolean): NmfOptions {
  return {
    ...nmfOptions({ ...args, seed }),
    solver: m.solver,
    ...(m.nnlsSolver ? { nnlsSolver: m.nnlsSolver } : {}),
    ...(missing ? { nanAsMissing: true } : {}),
  };
}

/**
 * Every method × seed fit as a job on the workers of the Redis server at `url`; the same
 * summaries as `runMethod`'s (same seeds, same backend ⇒ same numbers; `seconds` are the
 * workers' own).
 */
async function runMethodsOnRedis(
  url: string,
  methods: Method[],
  X: NmfInputData['X'],
  args: FitArgs & { seed: number; seeds: number },
  ctx: Context,
  missing: boolean,
) {
  const seeds = Array.from({ length: args.seeds }, (_, s) => args.seed + s);
  const options = methods.flatMap((m) =>
    seeds.map((seed) => methodOptions(m, args, seed, missing)),
  );
  let done = 0;
  const fits = await fitsOnRedis({ url }, ctx.backend.name, X, options, () =>
    ctx.note(`compare: ${++done} of ${options.length} fits done on the workers`),
  );
  return methods.map((m, i) => {
    const mine = fits.slice(i * seeds.length, (i + 1) * seeds.length);
    for (const f of mine) for (const w of f.warnings) ctx.note(`${m.name}: warning: ${w}`);
    const components: Factor[] = mine.map((f) => ({ data: unpack32(f.H), shape: f.hShape }));
    const runs: Run[] = mine.map((f, s) => ({
      seed: seeds[s],
      relativeError: f.relativeError,
      seconds: f.seconds,
      iterations: f.nIter,
      converged: f.converged,
      sparsenessW: f.sparsenessW,
      sparsenessH: f.sparsenessH,
      l1W: f.l1W,
      l1H: f.l1H,
    }));
    return {
      method: m,
      runs,
      mean: meanOf(runs),
      stability: stability(components),
      H: components[0],
      W: { data: unpack32(mine[0].W), shape: mine[0].wShape } as Factor,
      curve: curveOf(m.name, mine[0].history as Parameters<typeof curveOf>[1]),
    };
  });
}

/** One method over all seeds: its runs, their means, stability, and the first seed's H and curve. */
async function runMethod(
  m: Method,
  X: NmfInputData['X'],
  args: FitArgs & { seed: number; seeds: number },
  ctx: Context,
  missing: boolean,
) {
  const runs: Run[] = [];
  const components: Factor[] = [];
  let firstW: Factor | undefined;
  let curve: LossCurve | undefined;
  for (let s = 0; s < args.seeds; s++) {
    const seed = args.seed + s;
    const options = methodOptions(m, args, seed, missing);
    const r = await fitWithProgress(X, options, ctx, `${m.name} (seed ${seed})`);
    try {
      const { W, H } = await factorsOf(r);
      components.push(H);
      firstW ??= W;
      curve ??= curveOf(m.name, r.history);
      runs.push({
        seed,
        relativeError: r.relativeError,
        seconds: r.seconds,
        iterations: r.nIter,
        converged: r.converged,
        sparsenessW: hoyerSparseness(W, 'columns'),
        sparsenessH: hoyerSparseness(H, 'rows'),
        l1W: l1Norm(W),
        l1H: l1Norm(H),
      });
    } finally {
      tf.dispose([r.W, r.H]);
    }
  }
  return {
    method: m,
    runs,
    mean: meanOf(runs),
    stability: stability(components),
    H: components[0],
    W: firstW!,
    curve: curve!,
  };
}

/** --nan-as-missing: every method must fit observed entries only; says which can. */
function checkTakesMissing(m: Method): void {
  const ok: readonly string[] = solversSupporting('mask');
  if (!ok.includes(m.solver as string) || m.nnlsSolver !== undefined) {
    throw usageError(
      `option --nan-as-missing needs methods that support missing values (${ok.join(', ')}; ` +
        `anls then solves its rows exactly and takes no NNLS solver), got method "${m.name}"`,
    );
  }
}

function meanOf(runs: Run[]): Record<(typeof MEASURES)[number], number> {
  const out = {} as Record<(typeof MEASURES)[number], number>;
  for (const k of MEASURES) out[k] = runs.reduce((s, r) => s + r[k], 0) / runs.length;
  return out;
}

/** Mean matched-component cosine over all pairs of seeds; null with one seed. */
function stability(components: Factor[]): number | null {
  const values: number[] = [];
  for (let i = 0; i < components.length; i++) {
    for (let j = i + 1; j < components.length; j++) {
      values.push(compareFactorizations(components[i], components[j]).meanCosine);
    }
  }
  return values.length ? values.reduce((s, v) => s + v, 0) / values.length : null;
}
