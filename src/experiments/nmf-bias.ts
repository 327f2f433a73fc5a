/**
 * Experiment 8, `nmf-bias`: does a small initialization give sparser, more part-like NMF
 * factors than multiplicative updates at equal error? On Swimmer, MNIST and SOTU: `anls` with
 * the `overparam` NNLS engine from initial scales s (W₀ = s·W_rand, H₀ = s·H_rand), the joint
 * diagonal network `overparam-joint`, `mu` and `hals`, all from the same seeded random factors.
 * Equal error: per data set, the target is the largest relative error MU reaches in
 * `referenceIter` iterations over the seeds, and every fit runs until it reaches it (or
 * `maxIter`). Measures at that point: relative error, iterations, Hoyer sparseness of W and H,
 * the l1 mass Σ‖w_t‖₁‖h_t‖₁, stability across seeds (mean Hungarian-matched cosine of H over
 * all pairs of seeds), time; component images and topic lists.
 */
import { imageGrid } from '../report/image-grid';
import { topWords } from '../report/topics';
import { compareFactorizations } from '../nmf/metrics';
import { DEFAULT_NMF_SOLVER, supports } from '../nmf/solvers';
import type { Dataset } from '../datasets';
import { NmflowError } from '../errors';
import { claim } from './claims';
import { fitNmf, loadSpec, type DatasetSpec, type Fit, type NmfMethod } from './nmf-common';
import { fmt, sig, mean } from './tools';

/** Standard error of the mean (0 for fewer than two values). */
function standardError(v: number[]): number {
  if (v.length < 2) return 0;
  const m = mean(v);
  return Math.sqrt(v.reduce((a, x) => a + (x - m) ** 2, 0) / (v.length - 1) / v.length);
}
import type { Claim, Experiment, ExperimentOutput } from './types';

export interface NmfBiasParams {
  datasets: DatasetSpec[];
  methods: NmfMethod[];
  /** Seeds per method: seed, seed + 1, … */
  seeds: number;
  /** MU's iterations that define each data set's target relative error (worst seed's). */
  referenceIter: number;
  /** The most iterations any fit may take to reach the target. */
  maxIter: number;
}

const anlsOverparam = (s: number): NmfMethod => ({
  label: `anls/overparam s=${s}`,
  // step 'bb': the overparametrized method alone in every half-step (the default finishes
  // each half-step with APG, which would hide the bias this experiment measures).
  options: { solver: 'anls', nnlsSolver: 'overparam', nnlsOptions: { step: 'bb' } },
  initScale: s,
});
const joint = (s: number): NmfMethod => ({
  label: `overparam-joint s=${s}`,
  options: { solver: 'overparam-joint' },
  initScale: s,
});
const classic = (solver: 'mu' | 'hals'): NmfMethod => ({
  label: solver,
  options: { solver },
  initScale: 1,
});

interface Row {
  dataset: string;
  method: string;
  relativeError: number;
  relativeErrorSpread: number;
  iterations: number;
  /** Fits (of `seeds`) that reached the target relative error. */
  reached: number;
  sparsenessW: number;
  sparsenessH: number;
  /** Standard error of the mean of sparsenessH over the seeds. */
  sparsenessHError: number;
  l1Mass: number;
  stability: number | 'n/a';
}

const slug = (s: string) => s.replace(/[^a-z0-9]+/gi, '-').replace(/-+$/, '');

/**
 * "cand gives sparser components than base at equal error": decided when every seed of both
 * reached the target, supported when cand's mean Hoyer sparseness of H exceeds base's by more
 * than twice their combined standard error (the seed noise).
 */
function sparserClaim(dataset: string, cand: Row, base: Row, target: number, seeds: number) {
  const equalError = cand.reached === seeds && base.reached === seeds;
  const noise = 2 * Math.hypot(cand.sparsenessHError, base.sparsenessHError);
  const gap = cand.sparsenessH - base.sparsenessH;
  return claim(
    `${dataset}: ${cand.method} gives sparser components than ${base.method} at equal error (both stopped at relative error ${fmt(target, 4)}).`,
    equalError ? gap > noise : null,
    `Hoyer sparseness of H ${fmt(cand.sparsenessH, 3)} vs ${fmt(base.sparsenessH, 3)} (gap ${fmt(gap, 2)}, noise level 2·s.e. ${fmt(noise, 2)}); of W ${fmt(cand.sparsenessW, 3)} vs ${fmt(base.sparsenessW, 3)}; ` +
      `l1 mass ${fmt(cand.l1Mass, 4)} vs ${fmt(base.l1Mass, 4)}; iterations ${fmt(cand.iterations, 3)} vs ${fmt(base.iterations, 3)}` +
      `${equalError ? '' : `; not at equal error: target reached by ${cand.reached} and ${base.reached} of ${seeds} seeds`}.`,
  );
}

/** One fit of the sweep: a task (`ctx.runTasks`), run here or on a worker. */
interface FitInput {
  spec: DatasetSpec;
  method: NmfMethod;
  seed: number;
  maxIter: number;
  target?: number;
}

/** A fit, or the error of one that failed with an NmflowError (bad input, numeric trouble). */
type FitOutcome = { fit: Fit } | { error: string; kind: NmflowError['kind'] };

/** The data sets a process has loaded (a worker runs many fits of each). */
const loaded = new Map<string, Promise<Dataset>>();

function loadOnce(spec: DatasetSpec): Promise<Dataset> {
  const key = JSON.stringify(spec);
  let d = loaded.get(key);
  if (!d) loaded.set(key, (d = loadSpec(spec)));
  return d;
}

async function fitTask(t: FitInput): Promise<FitOutcome> {
  const d = await loadOnce(t.spec);
  try {
    return { fit: await fitNmf(d, t.spec.rank, t.method, t.seed, t.maxIter, t.target) };
  } catch (err) {
    if (!(err instanceof NmflowError)) throw err;
    return { error: err.message, kind: err.kind };
  }
}

function fitOf(o: FitOutcome): Fit {
  if ('error' in o) throw new NmflowError(o.kind, o.error);
  return o.fit;
}

export const nmfBias: Experiment<NmfBiasParams> = {
  name: 'nmf-bias',
  description:
    'Implicit bias in NMF: anls with the overparametrized NNLS engine from small initial ' +
    'factors, the joint diagonal network (overparam-joint), multiplicative updates and HALS on ' +
    'Swimmer, MNIST and SOTU, from the same seeded random factors: relative error, sparseness ' +
    'of W and H, l1 mass, stability across seeds, time, component images and topics.',
  parameters: {
    smoke: {
      datasets: [{ name: 'swimmer', options: { limit: 48 }, rank: 4 }],
      methods: [classic('mu'), classic('hals'), anlsOverparam(1e-2), joint(1e-2)],
      seeds: 2,
      referenceIter: 5,
      maxIter: 10,
    },
    full: {
      // Sizes chosen so that 5 seeds of every method run in 1–2 minutes on wasm (2 shared
      // cores): 300 MNIST digits, SOTU's 1000 most frequent terms.
      datasets: [
        { name: 'swimmer', options: {}, rank: 16 },
        { name: 'mnist', options: { limit: 300 }, rank: 16 },
        { name: 'sotu', options: { maxFeatures: 1000 }, rank: 10 },
      ],
      methods: [
        classic('mu'),
        classic('hals'),
        anlsOverparam(1),
        anlsOverparam(1e-3),
        joint(1),
        joint(1e-2),
      ],
      seeds: 5,
      referenceIter: 60,
      maxIter: 400,
    },
  },
  seed: 0,
  solvers: ['overparam'],
  tasks: { fit: (input) => fitTask(input as FitInput) },
  async run({ params, seed, progress, runTasks }) {
    const rows: Row[] = [];
    const timings: Record<string, number> = {};
    const files: NonNullable<ExperimentOutput['files']> = [];
    const claims: Claim[] = [];
    const notes: string[] = [];
    const failures: { dataset: string; method: string; error: string }[] = [];
    const topicsBy: Record<string, Record<string, string[][]>> = {};
    const targets: Record<string, number> = {};
    let done = 0;
    const total = params.datasets.length * params.methods.length * params.seeds;
    for (const spec of params.datasets) {
      const d = await loadOnce(spec);
      const sparse = 'indptr' in d.X;
      const subset = Object.keys(spec.options).length
        ? `, options ${JSON.stringify(spec.options)}`
        : '';
      notes.push(`${spec.name}: ${d.shape[0]} × ${d.shape[1]}, rank ${spec.rank}${subset}.`);
      const methods = params.methods.filter(
        (m) => !(sparse && !supports(m.options.solver ?? DEFAULT_NMF_SOLVER, 'sparse')),
      );
      if (methods.length < params.methods.length) {
        notes.push(
          `${spec.name} is sparse (CSR): overparam-joint needs dense data and is left out there.`,
        );
      }
      const dsRows: Row[] = [];
      const reference = methods.find((m) => m.options.solver === 'mu') ?? methods[0];
      progress(
        `${spec.name}: target error (${reference.label}, ${params.referenceIter} iterations)`,
        done / total,
      );
      // The largest error MU reaches over the seeds: every MU seed reaches it by construction.
      const seeds = Array.from({ length: params.seeds }, (_, i) => seed + i);
      const refs = await runTasks<FitInput, FitOutcome>(
        'fit',
        seeds.map((s) => ({ spec, method: reference, seed: s, maxIter: params.referenceIter })),
      );
      let target = 0;
      for (const ref of refs) target = Math.max(target, fitOf(ref).relativeError);
      targets[spec.name] = sig(target, 5);
      for (const method of methods) {
        progress(`${spec.name}: ${method.label}, ${params.seeds} seeds`, done / total);
        const outcomes = await runTasks<FitInput, FitOutcome>(
          'fit',
          seeds.map((s) => ({ spec, method, seed: s, maxIter: params.maxIter, target })),
          () => progress(`${spec.name}: ${method.label}`, ++done / total),
        );
        // A solver that fails is a result: record its first failure and go on with the others.
        const failed = outcomes.find((o) => 'error' in o);
        if (failed && 'error' in failed) {
          failures.push({ dataset: spec.name, method: method.label, error: failed.error });
          continue;
        }
        const fits = outcomes.map(fitOf);
        const pairs = fits.flatMap((a, i) => fits.slice(i + 1).map((b) => [a, b] as const));
        const stability = pairs.length
          ? mean(pairs.map(([a, b]) => compareFactorizations(a.H, b.H).meanCosine))
          : NaN;
        const errors = fits.map((f) => f.relativeError);
        const row: Row = {
          dataset: spec.name,
          method: method.label,
          relativeError: sig(mean(errors), 5),
          relativeErrorSpread: sig(Math.max(...errors) - Math.min(...errors), 3),
          iterations: sig(mean(fits.map((f) => f.iterations)), 4),
          reached: fits.filter((f) => f.reachedTarget).length,
          sparsenessW: sig(mean(fits.map((f) => f.sparsenessW)), 4),
          sparsenessH: sig(mean(fits.map((f) => f.sparsenessH)), 4),
          sparsenessHError: sig(standardError(fits.map((f) => f.sparsenessH)), 3),
          l1Mass: sig(mean(fits.map((f) => f.l1Mass)), 5),
          stability: Number.isNaN(stability) ? 'n/a' : sig(stability, 4),
        };
        dsRows.push(row);
        timings[`${spec.name}: ${method.label}`] = sig(mean(fits.map((f) => f.seconds)), 3);
        if (d.imageShape) {
          files.push({
            name: `components-${spec.name}-${slug(method.label)}.png`,
            data: imageGrid(fits[0].H, d.imageShape, { columns: Math.min(spec.rank, 8), scale: 2 }),
            caption: `${spec.name}: components (rows of H) of ${method.label}, seed ${seed}`,
          });
        }
        if (d.vocabulary) {
          topicsBy[spec.name] ??= {};
          topicsBy[spec.name][method.label] = topWords(fits[0].H, d.vocabulary, 8).map((t) =>
            t.words.map((w) => w.word),
          );
        }
      }
      rows.push(...dsRows);
      loaded.delete(JSON.stringify(spec));
      if (topicsBy[spec.name]) {
        const md = Object.entries(topicsBy[spec.name]).flatMap(([label, topics]) => [
          `## ${label}`,
          '',
          ...topics.map((words, t) => `${t}. ${words.join(', ')}`),
          '',
        ]);
        files.push({
          name: `topics-${spec.name}.md`,
          data: `# ${spec.name}: top words per component (seed ${seed})\n\n${md.join('\n')}`,
          caption: `${spec.name}: top words of each topic, per method`,
        });
      }
      const mu = dsRows.find((r) => r.method === 'mu');
      const ofPrefix = (prefix: string) => dsRows.filter((r) => r.method.startsWith(prefix));
      for (const prefix of ['anls/overparam', 'overparam-joint']) {
        const variants = ofPrefix(prefix);
        const smallest = variants[variants.length - 1];
        if (!smallest) continue;
        // The claim against MU, then the same method from the plain start (s = 1): does the
        // small start itself make the difference?
        const baselines = [mu, variants.length > 1 ? variants[0] : undefined];
        for (const base of baselines) {
          if (base) claims.push(sparserClaim(spec.name, smallest, base, target, params.seeds));
        }
      }
    }
    return {
      results: {
        failures,
        datasets: params.datasets,
        seeds: Array.from({ length: params.seeds }, (_, i) => seed + i),
        targets,
        rows,
        topics: topicsBy,
      },
      timings: { secondsPerFit: timings },
      plots: [],
      files,
      table: {
        columns: [
          'data set',
          'method',
          'relative error',
          'iterations',
          'reached target',
          'sparseness W',
          'sparseness H (± s.e.)',
          'l1 mass',
          'stability (cos)',
          'seconds/fit',
        ],
        rows: rows.map((r) => [
          r.dataset,
          r.method,
          fmt(r.relativeError, 4),
          fmt(r.iterations, 3),
          `${r.reached}/${params.seeds}`,
          fmt(r.sparsenessW, 3),
          `${fmt(r.sparsenessH, 3)} ± ${fmt(r.sparsenessHError, 1)}`,
          fmt(r.l1Mass, 4),
          typeof r.stability === 'number' ? fmt(r.stability, 3) : r.stability,
          fmt(timings[`${r.dataset}: ${r.method}`], 2),
        ]),
      },
      claims,
      notes: [
        ...notes,
        ...failures.map((f) => `${f.dataset}: ${f.method} failed: ${f.error}`),
        `Equal error: per data set the target is the largest relative error MU reaches in ${params.referenceIter} iterations over the ${params.seeds} seeds (${Object.entries(
          targets,
        )
          .map(([k, v]) => `${k} ${fmt(v, 4)}`)
          .join(
            ', ',
          )}); every fit starts from the same seeded random factors times its scale s, checks its error after every iteration and stops at the first that reaches the target (at most ${params.maxIter} iterations; "reached target" counts the seeds that did). Stability is the mean Hungarian-matched cosine of H over all pairs of the ${params.seeds} seeds.`,
      ],
    };
  },
};
