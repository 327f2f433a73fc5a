/**
 * Shared set-up of the property-based suites: a fixed seed and a moderate number of runs in
 * CI, more through NMFLOW_PROPERTY_RUNS (a multiplier is not used: the variable gives the run
 * count of every property) and another seed through NMFLOW_PROPERTY_SEED. Each property's
 * case count is recorded and printed at the end of the run.
 */
import * as fc from 'fast-check';
import { expect } from 'chai';
import { NmflowError } from '../../src';

export const PROPERTY_SEED = Number(process.env.NMFLOW_PROPERTY_SEED ?? 20261128);

/** Run count: NMFLOW_PROPERTY_RUNS when set, else `ciRuns`. */
export function propertyRuns(ciRuns: number): number {
  const env = Number(process.env.NMFLOW_PROPERTY_RUNS);
  return Number.isInteger(env) && env > 0 ? env : ciRuns;
}

/** Property name → generated cases checked, for the summary. */
export const propertyCounts = new Map<string, number>();

// A root-level hook: prints the summary once, after every suite of the run.
after(() => {
  if (propertyCounts.size === 0) return;
  const lines = [...propertyCounts].map(([name, n]) => `      ${n} cases: ${name}`);
  console.log(`\n    property cases (seed ${PROPERTY_SEED}):\n${lines.join('\n')}`);
});

/**
 * Checks an async property with the suite's seed; each case must settle within `caseTimeoutMs`
 * (a hang fails the property). Records how many cases ran.
 */
export async function checkProperty<Ts extends [unknown, ...unknown[]]>(
  name: string,
  arbitraries: { [K in keyof Ts]: fc.Arbitrary<Ts[K]> },
  predicate: (...args: Ts) => Promise<void>,
  ciRuns: number,
  caseTimeoutMs = 20000,
): Promise<void> {
  const numRuns = propertyRuns(ciRuns);
  const property = fc.asyncProperty(...arbitraries, predicate);
  const details = await fc.check(property, {
    seed: PROPERTY_SEED,
    numRuns,
    endOnFailure: false,
    plugins: [fc.timeout(caseTimeoutMs)],
  });
  propertyCounts.set(name, (propertyCounts.get(name) ?? 0) + details.numRuns);
  if (details.failed) {
    const cause = details.errorInstance as Error | undefined;
    throw new Error(
      `property "${name}" failed after ${details.numRuns} cases (seed ${details.seed}, path ` +
        `${details.counterexamplePath}); counterexample: ${fc.stringify(details.counterexample)}\n` +
        (cause?.stack ?? String(cause)),
    );
  }
}

/** Asserts that `err` is an NmflowError whose message matches `names` (the input at fault). */
export function expectNamedError(err: unknown, names: RegExp): NmflowError {
  if (!(err instanceof NmflowError)) {
    throw new Error(`expected an NmflowError, got ${(err as Error)?.stack ?? String(err)}`);
  }
  expect(err.message, 'the message names the input').to.match(names);
  return err;
}

/** Counts unhandled promise rejections while a suite runs (call in before/after). */
export function watchUnhandledRejections(): { stop(): unknown[] } {
  const seen: unknown[] = [];
  const listener = (reason: unknown) => seen.push(reason);
  process.on('unhandledRejection', listener);
  return {
    stop() {
      process.off('unhandledRejection', listener);
      return seen;
    },
  };
}
