/**
 * Experiment 8, `nmf-bias`: does a small initialization give sparser, more part-like NMF
 * factors than multiplicative updates at equal error? On Swimmer, MNIST and SOTU: `anls` with
 * the `overparam` NNLS engine from initial scales s (W₀ = s·W_rand, H₀ = s·H_rand), the joint
 * diagonal network `overparam-joint`, `mu` and `hals`, all from the same seeded random factors.
 * Measures: relative error, Hoyer sparseness of W and H, the l1 mass Σ‖w_t‖₁‖h_t‖₁, stability
 * across seeds (mean matched cosine of H against the first seed), time; component images and
 * topic lists.
 */
import { imageGrid } from '../report/image-grid';
import { topWords } from '../report/topics';
import { compareFactorizations } from '../nmf/metrics';
import { NmflowError } from '../errors';
import { claim } from './claims';
import { fitNmf, loadSpec, type DatasetSpec, type Fit, type NmfMethod } from './nmf-common';
import { fmt, sig, mean } from './tools';
import type { Claim, Experiment, ExperimentOutput } from './types';

export interface NmfBiasParams {
  datasets: DatasetSpec[];
  methods: NmfMethod[];
  /** Seeds per method: seed, seed + 1, … */
  seeds: number;
  maxIter: number;
}

const anlsOverparam = (s: number): NmfMethod => ({
  label: `anls/overparam s=${s}`,
  options: { solver: 'anls', nnlsSolver: 'overparam' },
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
  sparsenessW: number;
  sparsenessH: number;
  l1Mass: number;
  stability: number | 'n/a';
}

const slug = (s: string) => s.replace(/[^a-z0-9]+/gi, '-').replace(/-+$/, '');

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
      maxIter: 5,
    },
    full: {
      datasets: [
        { name: 'swimmer', options: {}, rank: 16 },
        { name: 'mnist', options: { limit: 300 }, rank: 16 },
        { name: 'sotu', options: {}, rank: 10 },
      ],
      methods: [classic('mu'), classic('hals'), anlsOverparam(1), anlsOverparam(1e-3), joint(1e-2)],
      // The issue asks for 5 seeds; 2 (and 60 iterations) is what a shared 2-core machine
      // affords in a few minutes. Raise both here for a fuller run.
      seeds: 2,
      maxIter: 60,
    },
  },
  seed: 0,
  solvers: ['overparam'],
  async run({ params, seed, progress }) {
    const rows: Row[] = [];
    const timings: Record<string, number> = {};
    const files: NonNullable<ExperimentOutput['files']> = [];
    const claims: Claim[] = [];
    const notes: string[] = [];
    const failures: { dataset: string; method: string; error: string }[] = [];
    const topicsBy: Record<string, Record<string, string[][]>> = {};
    let done = 0;
    const total = params.datasets.length * params.methods.length * params.seeds;
    for (const spec of params.datasets) {
      const d = await loadSpec(spec);
      const sparse = 'indptr' in d.X;
      const methods = params.methods.filter(
        (m) => !(sparse && m.options.solver === 'overparam-joint'),
      );
      if (methods.length < params.methods.length) {
        notes.push(
          `${spec.name} is sparse (CSR): overparam-joint needs dense data and is left out there.`,
        );
      }
      const dsRows: Row[] = [];
      for (const method of methods) {
        const fits: Fit[] = [];
        try {
          for (let i = 0; i < params.seeds; i++) {
            progress(`${spec.name}: ${method.label}, seed ${seed + i}`, done++ / total);
            fits.push(await fitNmf(d, spec.rank, method, seed + i, params.maxIter));
          }
        } catch (err) {
          // A solver that fails is a result: record it and go on with the others.
          if (!(err instanceof NmflowError)) throw err;
          failures.push({ dataset: spec.name, method: method.label, error: err.message });
          continue;
        }
        const stability =
          fits.length < 2
            ? NaN
            : mean(fits.slice(1).map((f) => compareFactorizations(fits[0].H, f.H).meanCosine));
        const row: Row = {
          dataset: spec.name,
          method: method.label,
          relativeError: sig(mean(fits.map((f) => f.relativeError)), 5),
          relativeErrorSpread: sig(
            Math.max(...fits.map((f) => f.relativeError)) -
              Math.min(...fits.map((f) => f.relativeError)),
            3,
          ),
          sparsenessW: sig(mean(fits.map((f) => f.sparsenessW)), 4),
          sparsenessH: sig(mean(fits.map((f) => f.sparsenessH)), 4),
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
      const smallest = (prefix: string) =>
        dsRows.filter((r) => r.method.startsWith(prefix)).slice(-1)[0];
      for (const cand of [smallest('anls/overparam'), smallest('overparam-joint')]) {
        if (!mu || !cand) continue;
        const equalError = cand.relativeError <= mu.relativeError * 1.02;
        claims.push(
          claim(
            `${spec.name}: ${cand.method} gives sparser components than MU at equal error (within 2%).`,
            equalError && cand.sparsenessH > mu.sparsenessH,
            `Hoyer sparseness of H ${fmt(cand.sparsenessH, 3)} vs MU ${fmt(mu.sparsenessH, 3)}; relative error ${fmt(cand.relativeError, 4)} vs ${fmt(mu.relativeError, 4)}` +
              `${equalError ? '' : ' (not at equal error)'}; sparseness of W ${fmt(cand.sparsenessW, 3)} vs ${fmt(mu.sparsenessW, 3)}.`,
          ),
        );
      }
    }
    return {
      results: {
        failures,
        datasets: params.datasets,
        seeds: Array.from({ length: params.seeds }, (_, i) => seed + i),
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
          'sparseness W',
          'sparseness H',
          'l1 mass',
          'stability (cos)',
          'seconds/fit',
        ],
        rows: rows.map((r) => [
          r.dataset,
          r.method,
          fmt(r.relativeError, 4),
          fmt(r.sparsenessW, 3),
          fmt(r.sparsenessH, 3),
          fmt(r.l1Mass, 4),
          typeof r.stability === 'number' ? fmt(r.stability, 3) : r.stability,
          fmt(timings[`${r.dataset}: ${r.method}`], 2),
        ]),
      },
      claims,
      notes: [
        ...notes,
        ...failures.map((f) => `${f.dataset}: ${f.method} failed: ${f.error}`),
        `Every method runs ${params.maxIter} outer iterations (tol 0) from the same seeded random factors times its scale s; stability is the mean Hungarian-matched cosine of H against the first seed’s.`,
      ],
    };
  },
};
