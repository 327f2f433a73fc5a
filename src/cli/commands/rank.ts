/**
 * `nmflow rank`: which rank k? Cross-validation and/or Brunet's consensus over a range of
 * ranks (src/rank), with the scores per rank, their spread over seeds, the chosen k and the
 * rule that chose it; `--out` gets rank.html (score curves, consensus maps) and rank.csv.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkRedisUrl, rankJobsOnRedis } from '../../distributed';
import { usageError } from '../../errors';
import { NMF_SOLVERS, type NmfSolver } from '../../nmf';
import { DEFAULT_NMF_SOLVER } from '../../nmf/solvers';
import { RANK_METHODS, selectRank, type RankMethod, type RankSelection } from '../../rank';
import { imageGrid, lineChart, renderHtml, type ChartSeries, type ReportBlock } from '../../report';
import { commandLine, defineCommand } from '../context';
import { loadNmfData } from '../inputs';
import { dataOptions } from '../nmf-args';
import { writeStaged } from '../output';
import { createProgress } from '../progress';
import { table } from '../table';

/** `2:12` → [2, …, 12] by `step`; `3,5,8` → [3, 5, 8]. */
export function parseRanks(text: string, step: number): number[] {
  const bad = () =>
    usageError(`option --ranks must be FROM:TO (e.g. 2:12) or a list (e.g. 3,5,8), got "${text}"`);
  if (!Number.isInteger(step) || step < 1) {
    throw usageError(`option --step must be an integer ≥ 1, got ${step}`);
  }
  const range = /^\s*(\d+)\s*:\s*(\d+)\s*$/.exec(text);
  if (range) {
    const [from, to] = [Number(range[1]), Number(range[2])];
    if (from < 1 || to < from) throw bad();
    const out: number[] = [];
    for (let k = from; k <= to; k += step) out.push(k);
    return out;
  }
  if (!/^\s*\d+(\s*,\s*\d+)*\s*$/.test(text)) throw bad();
  return text.split(',').map(Number);
}

const SCORE_LABELS: Record<string, string> = {
  heldOutError: 'held-out error',
  fitError: 'fit error',
  cophenetic: 'cophenetic',
  dispersion: 'dispersion',
  pac: 'PAC',
  stability: 'stability',
};

export const rankCommand = defineCommand({
  command: 'rank',
  describe: 'choose the rank k: cross-validation and/or consensus over a range of ranks',
  examples: [
    ['$0 rank --dataset swimmer --ranks 13:18 --seeds 3', 'cross-validation on Swimmer'],
    ['$0 rank --input X.csv --ranks 2:12 --method both --out out/rank', 'with a report'],
  ],
  builder: (y) =>
    dataOptions(y)
      .option('ranks', {
        type: 'string',
        demandOption: true,
        describe: 'ranks to try: FROM:TO (with --step) or a list 3,5,8',
      })
      .option('step', { type: 'number', default: 1, describe: 'step of a FROM:TO range' })
      .option('method', {
        choices: RANK_METHODS as unknown as string[],
        default: 'cv',
        describe: 'cv (speckled hold-out), consensus (Brunet) or both',
      })
      .option('seeds', { type: 'number', default: 3, describe: 'fits per rank and method' })
      .option('solver', {
        type: 'string',
        choices: NMF_SOLVERS as unknown as string[],
        describe: 'update rule (default anls; cv needs one that takes a mask: all do)',
      })
      .option('max-iter', { type: 'number', describe: 'outer iterations per fit (default 200)' })
      .option('tol', { type: 'number', describe: 'stopping tolerance per fit (default 1e-4)' })
      .option('hold-out', {
        type: 'number',
        describe: 'cv: share of entries held out (default 0.1)',
      })
      .option('threads', {
        type: 'number',
        describe: 'fits run at once on worker threads (default: the number of cores)',
      })
      .option('out', { type: 'string', describe: 'folder for rank.html and rank.csv' })
      .option('redis', {
        type: 'string',
        describe: 'run the fits on `nmflow worker`s of this Redis server (redis://HOST:PORT)',
      }),
  run: async (args, ctx) => {
    const ranks = parseRanks(args.ranks, args.step);
    const data = await loadNmfData(args, (t) => ctx.note(t));
    if (!('data' in data.X)) {
      throw usageError(
        'nmflow rank needs dense data (a sparse matrix cannot hold a hold-out mask)',
      );
    }
    const [n, m] = data.X.shape;
    const most = Math.min(n, m);
    if (ranks.some((k) => k < 1 || k > most)) {
      throw usageError(
        `option --ranks must lie from 1 to ${most} (the smaller side of the ${n} × ${m} data), got ${args.ranks}`,
      );
    }
    const method = args.method as RankMethod;
    const seeds = args.seeds;
    const total = ranks.length * seeds * (method === 'both' ? 2 : 1);
    const progress = createProgress(`rank (${method})`, total, ctx.args.quiet || ctx.args.json);
    let sel: RankSelection;
    try {
      sel = await selectRank(data.X, {
        ranks,
        method,
        seeds,
        seed: args.seed,
        ...(args.solver === undefined ? {} : { solver: args.solver as NmfSolver }),
        ...(args['max-iter'] === undefined ? {} : { maxIter: args['max-iter'] }),
        ...(args.tol === undefined ? {} : { tol: args.tol }),
        ...(args['hold-out'] === undefined ? {} : { holdOut: args['hold-out'] }),
        concurrency: args.threads ?? Math.max(1, os.availableParallelism()),
        ...(args.redis === undefined
          ? {}
          : { runJobs: rankJobsOnRedis({ url: checkRedisUrl(args.redis) }, ctx.backend.name) }),
        onProgress: (p) => progress.update(p.done, p.error, p.seconds),
        onWarning: (w) => ctx.note(`rank: warning: ${w}`),
      });
    } finally {
      progress.stop();
    }
    const names = Object.keys(sel.scores);
    const rows = sel.ranks.map((k, i) => [k, ...names.map((s) => sel.scores[s as 'pac']![i])]);
    const summary = {
      dataset: data.name,
      shape: data.X.shape,
      ranks: sel.ranks,
      method: sel.method,
      seeds: sel.seeds,
      solver: args.solver ?? DEFAULT_NMF_SOLVER,
      scores: sel.scores,
      spread: sel.spread,
      ...(sel.heldOutErrorBySeed ? { heldOutErrorBySeed: sel.heldOutErrorBySeed } : {}),
      chosen: sel.chosen,
      rule: sel.rule,
      choices: sel.choices,
      seconds: sel.seconds,
      warnings: sel.warnings,
      outDir: args.out === undefined ? null : path.resolve(args.out),
      files: [] as string[],
    };
    if (args.out !== undefined) {
      const csv = csvTable(sel);
      const page = rankPage(sel, data.name, data.X.shape);
      ({ files: summary.files } = await writeStaged(args.out, async (stage) => {
        fs.writeFileSync(stage.path('rank.csv'), csv);
        fs.writeFileSync(stage.path('rank.html'), page);
      }));
    }
    const human = [
      table(['k', ...names.map((s) => SCORE_LABELS[s] ?? s)], rows),
      '',
      `chosen k = ${sel.chosen}: ${sel.rule}`,
      ...Object.entries(sel.choices)
        .filter(([, c]) => c.rule !== sel.rule)
        .map(([, c]) => `also: k = ${c.rank} by ${c.rule}`),
      ...(summary.outDir
        ? [
            '',
            `written to ${summary.outDir}: ${summary.files.map((f) => path.basename(f)).join(', ')}`,
          ]
        : []),
    ].join('\n');
    ctx.result(summary, human);
  },
});

/** One row per rank: each score and its spread (empty where it has none). */
export function csvTable(sel: RankSelection): string {
  const names = Object.keys(sel.scores) as (keyof RankSelection['scores'])[];
  const header = ['rank', ...names.flatMap((s) => (sel.spread[s] ? [s, `${s}Spread`] : [s]))];
  const lines = sel.ranks.map((k, i) =>
    [
      k,
      ...names.flatMap((s) =>
        sel.spread[s] ? [sel.scores[s]![i], sel.spread[s]![i]] : [sel.scores[s]![i]],
      ),
    ].join(','),
  );
  return [header.join(','), ...lines].join('\n') + '\n';
}

/** rank.html: the chosen k, a chart per score against k (mean ± spread), consensus maps. */
function rankPage(sel: RankSelection, name: string, shape: readonly number[]): string {
  const charts: ReportBlock[] = (Object.keys(sel.scores) as (keyof RankSelection['scores'])[]).map(
    (s) => {
      const y = sel.scores[s]!;
      const series: ChartSeries[] = [{ name: SCORE_LABELS[s] ?? s, x: sel.ranks, y }];
      const spread = sel.spread[s];
      if (spread) {
        series.push(
          { name: '+ 1 sd', x: sel.ranks, y: y.map((v, i) => v + spread[i]), dashed: true },
          { name: '− 1 sd', x: sel.ranks, y: y.map((v, i) => v - spread[i]), dashed: true },
        );
      }
      const svg = lineChart(series, {
        title: `${SCORE_LABELS[s] ?? s} against k`,
        xLabel: 'rank k',
        yLabel: SCORE_LABELS[s] ?? s,
      });
      return { kind: 'svg', svg };
    },
  );
  const maps: ReportBlock[] = sel.consensusMaps
    ? [
        {
          kind: 'images',
          items: sel.consensusMaps.map((c) => ({
            caption: `k = ${c.rank}`,
            png: imageGrid({ data: c.data, shape: [1, c.size * c.size] }, [c.size, c.size], {
              labels: false,
              scale: Math.max(1, Math.floor(200 / c.size)),
            }),
          })),
        },
      ]
    : [];
  const choices = Object.entries(sel.choices).map(([method, c]) => [method, c.rank, c.rule]);
  return renderHtml({
    title: `nmflow rank: ${name} (${shape.join(' × ')})`,
    subtitle: commandLine(),
    sections: [
      {
        heading: `Chosen k = ${sel.chosen}`,
        blocks: [
          { kind: 'text', text: sel.rule },
          { kind: 'table', columns: ['method', 'k', 'rule'], rows: choices },
          {
            kind: 'text',
            text: `seeds ${sel.seeds.join(', ')}; ${sel.seconds.toFixed(1)} s; warnings: ${sel.warnings.join(' ') || 'none'}`,
          },
        ],
      },
      { heading: 'Scores against k (dashed: ± one standard deviation over seeds)', blocks: charts },
      ...(maps.length
        ? [
            {
              heading: 'Consensus matrices (samples in dendrogram order; black = always together)',
              blocks: maps,
            },
          ]
        : []),
    ],
  });
}
