/**
 * The independent runs of an experiment (its `tasks`): run here one after the other, or handed
 * to a `RemoteTasks` (the CLI's `experiment --redis`: jobs on Redis workers), and the worker's
 * side, `runExperimentTask`, which runs one task of a named experiment.
 */
import { usageError } from '../errors';
import { checkChoice } from '../options';
import { getExperiment, type AnyExperiment } from './registry';
import { SCALES, type ExperimentContext, type Scale } from './types';

/** Identifies an experiment run: what a worker needs besides the task and its input. */
export interface ExperimentRunRef {
  experiment: string;
  scale: Scale;
  seed: number;
}

/** Runs tasks elsewhere; results in the order of `inputs`. */
export type RemoteTasks = (
  run: ExperimentRunRef,
  task: string,
  inputs: unknown[],
  onDone?: (index: number) => void,
) => Promise<unknown[]>;

function taskOf(e: AnyExperiment, task: string) {
  const fn = e.tasks?.[task];
  if (!fn) {
    const known = Object.keys(e.tasks ?? {});
    throw usageError(
      `experiment "${e.name}" has no task "${task}"; its tasks: ${known.join(', ') || 'none'}`,
    );
  }
  return fn;
}

/** `ctx.runTasks` for a run of `e`: local, or through `remote` when given. */
export function taskRunner(
  e: AnyExperiment,
  run: ExperimentRunRef,
  params: object,
  remote?: RemoteTasks,
): ExperimentContext<object>['runTasks'] {
  return async <I, R>(task: string, inputs: I[], onDone?: (index: number) => void) => {
    const fn = taskOf(e, task);
    if (remote) return (await remote(run, task, inputs, onDone)) as R[];
    const out: R[] = [];
    for (let i = 0; i < inputs.length; i++) {
      out.push((await fn(inputs[i], { scale: run.scale, seed: run.seed, params })) as R);
      onDone?.(i);
    }
    return out;
  };
}

/** A worker's side: runs task `task` of experiment `experiment` at `scale` on `input`. */
export async function runExperimentTask(
  d: ExperimentRunRef & { task: string; input: unknown },
): Promise<unknown> {
  const e = getExperiment(d.experiment);
  const scale = checkChoice('scale', d.scale, SCALES);
  const params = e.parameters[scale];
  return taskOf(e, d.task)(d.input, { scale, seed: d.seed, params });
}
