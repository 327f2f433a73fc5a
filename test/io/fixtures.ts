/** Paths of the hand-made and tool-made fixtures (test/fixtures, see make_fixtures.py). */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from 'chai';
import type { DataMatrix } from '../../src/datasets/types';
import { isCsr } from '../../src/linalg/csr';
import { NmflowError } from '../../src/errors';

export function fixture(...parts: string[]): string {
  return resolve(__dirname, '../../../test/fixtures', ...parts);
}

/** A fresh temporary folder for one test file; `cleanup` removes it. */
export async function tempDir(): Promise<{
  dir: string;
  file: (name: string, content?: string | Uint8Array) => Promise<string>;
  cleanup: () => Promise<void>;
}> {
  const dir = await mkdtemp(join(tmpdir(), 'nmflow-io-'));
  return {
    dir,
    file: async (name, content) => {
      const p = join(dir, name);
      if (content !== undefined) await writeFile(p, content);
      return p;
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

/** The matrix as rows of numbers (dense or CSR). */
export function rowsOf(m: DataMatrix): number[][] {
  const [rows, cols] = m.shape;
  const out = Array.from({ length: rows }, () => new Array<number>(cols).fill(0));
  if (isCsr(m)) {
    for (let i = 0; i < rows; i++)
      for (let k = m.indptr[i]; k < m.indptr[i + 1]; k++) out[i][m.indices[k]] += m.values[k];
  } else {
    m.data.forEach((v, k) => (out[Math.floor(k / cols)][k % cols] = v));
  }
  return out;
}

/** Asserts that `promise` rejects with an NmflowError whose message matches every pattern. */
export async function expectFailure(
  promise: Promise<unknown>,
  ...patterns: (RegExp | string)[]
): Promise<NmflowError> {
  let caught: unknown;
  try {
    await promise;
  } catch (err) {
    caught = err;
  }
  expect(caught, 'expected a rejection').to.be.instanceOf(NmflowError);
  const message = (caught as Error).message;
  for (const p of patterns) {
    if (typeof p === 'string') expect(message).to.include(p);
    else expect(message).to.match(p);
  }
  return caught as NmflowError;
}
