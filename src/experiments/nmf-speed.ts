/**
 * Experiment 9, `nmf-speed`: relative error against seconds for every NMF solver (and every
 * NNLS engine of `anls`) on MNIST (rank 16) and SOTU (rank 10), from the same seeded random start (sklearn's `random` scaling).
 * results.json keeps error against iteration (deterministic); the curves against seconds go
 * to timings.json and the figures.
 */
import { lineChart } from '../report/line-chart';
import { factorize } from '../nmf';
import type { NmfOptions } from '../nmf/options';
import * as tf from '@tensorflow/tfjs-core';
import { NmflowError } from '../errors';
import { claim } from './claims';
import { loadSpec, scaledRandomInit, type DatasetSpec } from './nmf-common';
import { fmt, sig } from './tools';
import type { Experiment, Plot } from './types';

export interface NmfSpeedParams {
  datasets: DatasetSpec[];
  /** `anls` engines (NNLS solver names) besides the stand-alone NMF rules. */
  engines: string[];
  maxIter: number;
}

interface Method {
  label: string;
  options: Pick<NmfOptions, 'solver' | 'nnlsSolver'>;
}

function methods(engines: string[], dense: boolean): Method[] {
  return [
    { label: 'mu', options: { solver: 'mu' } },
    { label: 'hals', options: { solver: 'hals' } },
    ...engines.map((e) => ({
      label: `anls/${e}`,
      options: { solver: 'anls' as const, nnlsSolver: e },
    })),
    ...(dense
      ? [{ label: 'overparam-joint', options: { solver: 'overparam-joint' as const } }]
      : []),
  ];
}

export const nmfSpeed: Experiment<NmfSpeedParams> = {
  name: 'nmf-speed',
  description:
    'Relative error against seconds for every NMF solver (mu, hals, overparam-joint, anls ' +
    'with each NNLS engine) on MNIST (rank 16) and SOTU (rank 10), all from the same seeded random factors.',
  parameters: {
    smoke: {
      datasets: [{ name: 'swimmer', options: { limit: 48 }, rank: 4 }],
      engines: ['overparam', 'active-set'],
      maxIter: 5,
    },
    full: {
      datasets: [
        { name: 'mnist', options: { limit: 500 }, rank: 16 },
        { name: 'sotu', options: {}, rank: 10 },
      ],
      engines: ['overparam', 'active-set', 'apg'],
      maxIter: 60,
    },
  },
  seed: 0,
  solvers: ['overparam', 'active-set'],
  async run({ params, seed, progress }) {
    const runs: {
      dataset: string;
      method: string;
      finalRelativeError: number;
      iterations: number;
      errorByIteration: number[][];
      seconds: number;
      curve: number[][];
    }[] = [];
    const timings: Record<string, number[][]> = {};
    const plots: Plot[] = [];
    const failures: { dataset: string; method: string; error: string }[] = [];
    for (const spec of params.datasets) {
      const d = await loadSpec(spec);
      const list = methods(params.engines, !('indptr' in d.X));
      const curves = [];
      for (const m of list) {
        progress(`${spec.name}: ${m.label}`);
        let r;
        try {
          r = await factorize(d.X, {
            ...m.options,
            ...scaledRandomInit(d, spec.rank, seed, 1),
            rank: spec.rank,
            seed,
            init: 'custom',
            maxIter: params.maxIter,
            tol: 0,
          });
        } catch (err) {
          // A solver that fails is a result: record it and go on with the others.
          if (!(err instanceof NmflowError)) throw err;
          failures.push({ dataset: spec.name, method: m.label, error: err.message });
          continue;
        }
        tf.dispose([r.W, r.H]);
        const curve = r.history.map((h) => [h.seconds, h.relativeError]);
        timings[`${spec.name}: ${m.label}`] = curve.map(([s, e]) => [sig(s, 3), sig(e, 5)]);
        curves.push({ name: m.label, x: curve.map((c) => c[0]), y: curve.map((c) => c[1]) });
        runs.push({
          dataset: spec.name,
          method: m.label,
          finalRelativeError: sig(r.relativeError, 5),
          iterations: r.nIter,
          errorByIteration: r.history.map((h) => [h.iteration, sig(h.relativeError, 5)]),
          seconds: r.seconds,
          curve,
        });
      }
      plots.push({
        file: `error-vs-seconds-${spec.name}`,
        caption: `${spec.name} (rank ${spec.rank}): relative error against seconds`,
        svg: lineChart(curves, {
          title: `${spec.name}, rank ${spec.rank}: relative error vs time`,
          xLabel: 'seconds',
          yLabel: '‖X − WH‖ / ‖X‖',
          logX: true,
        }),
      });
    }
    const claims = params.datasets.map((spec) => {
      const rs = runs.filter((r) => r.dataset === spec.name);
      const mu = rs.find((r) => r.method === 'mu');
      const op = rs.find((r) => r.method === 'anls/overparam');
      if (!mu || !op) {
        return claim(
          `${spec.name}: anls with the overparametrized engine reaches MU’s final error in less time than MU takes.`,
          null,
          `${!op ? 'anls/overparam' : 'mu'} did not finish (see the notes).`,
        );
      }
      const reach = op?.curve.find((c) => c[1] <= mu.finalRelativeError)?.[0];
      const best = rs.reduce((a, b) => (b.finalRelativeError < a.finalRelativeError ? b : a));
      return claim(
        `${spec.name}: anls with the overparametrized engine reaches MU’s final error in less time than MU takes.`,
        reach !== undefined && reach < mu.seconds,
        `MU: ${fmt(mu.finalRelativeError, 4)} after ${fmt(mu.seconds, 2)} s; anls/overparam ` +
          (reach === undefined ? 'never reaches it' : `reaches it after ${fmt(reach, 2)} s`) +
          `; lowest final error: ${best.method} (${fmt(best.finalRelativeError, 4)}).`,
      );
    });
    return {
      results: {
        datasets: params.datasets,
        failures,
        runs: runs.map((r) => ({
          dataset: r.dataset,
          method: r.method,
          finalRelativeError: r.finalRelativeError,
          iterations: r.iterations,
          errorByIteration: r.errorByIteration,
        })),
      },
      timings: { errorVsSeconds: timings },
      plots,
      table: {
        columns: ['data set', 'method', 'final relative error', 'iterations', 'seconds'],
        rows: runs.map((r) => [
          r.dataset,
          r.method,
          fmt(r.finalRelativeError, 5),
          r.iterations,
          fmt(r.seconds, 2),
        ]),
      },
      claims,
      notes: [
        'Times are wall-clock on a shared machine; compare solvers within one run only.',
        ...failures.map((f) => `${f.dataset}: ${f.method} failed: ${f.error}`),
      ],
    };
  },
};
