/**
 * Writes the small reference model in models/reference-small/ (a test loads it and checks that
 * `transform` still gives the recorded W). Run after a deliberate change of the model format
 * or of the `hals` solver: `npx tsc -p . && node dist/scripts/make-reference-model.js`.
 *
 * Data: 20 × 8 entries |N(0, 1)| from Rng(7) (fit), 4 × 8 from Rng(8) (transform check).
 */
import * as path from 'path';
import { initBackend, NMF, Rng } from '../src';
import { writeFileAtomic } from '../src/nmf/model-io';

export const REFERENCE_DIR = path.join(__dirname, '..', '..', 'models', 'reference-small');

export function referenceData(rows: number, seed: number): number[][] {
  const rng = new Rng(seed);
  return Array.from({ length: rows }, () =>
    Array.from({ length: 8 }, () => Math.abs(rng.normal())),
  );
}

async function main() {
  const backend = await initBackend();
  const model = new NMF({ rank: 3, solver: 'hals', init: 'nndsvda', tol: 1e-6, maxIter: 1000 });
  await model.fit(referenceData(20, 7));
  await model.save(REFERENCE_DIR, {
    dataset: 'synthetic: 20 × 8 |N(0, 1)| from nmflow Rng(7)',
    notes: { script: 'scripts/make-reference-model.ts' },
  });
  const Xcheck = referenceData(4, 8);
  const W = await model.transform(Xcheck);
  const expected = { X: Xcheck, W: W.arraySync(), backend: backend.name };
  W.dispose();
  model.dispose();
  await writeFileAtomic(
    path.join(REFERENCE_DIR, 'expected-transform.json'),
    JSON.stringify(expected, null, 2) + '\n',
  );
  console.log(`wrote ${REFERENCE_DIR}`);
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
