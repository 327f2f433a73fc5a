/** Small validators shared by every options resolver; each error names the option. */
import { usageError } from './errors';

export function checkNumber(
  name: string,
  value: unknown,
  range: { min?: number; max?: number; exclusiveMin?: boolean; integer?: boolean } = {},
): number {
  const v = value as number;
  const { min, max, exclusiveMin, integer } = range;
  const bad =
    typeof v !== 'number' ||
    Number.isNaN(v) ||
    (integer && !Number.isInteger(v)) ||
    (min !== undefined && (exclusiveMin ? v <= min : v < min)) ||
    (max !== undefined && v > max);
  if (bad) {
    const parts: string[] = [integer ? 'an integer' : 'a number'];
    if (min !== undefined) parts.push(`${exclusiveMin ? '>' : '≥'} ${min}`);
    if (max !== undefined) parts.push(`≤ ${max}`);
    throw usageError(
      `option ${name} must be ${parts.join(' ')}, got ${JSON.stringify(value) ?? String(value)}`,
    );
  }
  return v;
}

export function checkChoice<T extends string>(
  name: string,
  value: unknown,
  choices: readonly T[],
): T {
  if (!choices.includes(value as T)) {
    throw usageError(
      `option ${name} must be one of ${choices.join(', ')}, got ${JSON.stringify(value)}`,
    );
  }
  return value as T;
}

/** Throws when `options` has keys outside `known` (catches typos such as `maxIters`). */
export function checkKnownKeys(what: string, options: object, known: readonly string[]): void {
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      throw usageError(`unknown ${what} option "${key}"; known options: ${known.join(', ')}`);
    }
  }
}
