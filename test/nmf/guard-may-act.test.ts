/**
 * ComponentGuard.mayAct (src/nmf/components.ts), the cheap test hals-tensor.ts runs on the
 * read-back norms before reading the factors back for `check`: true wherever `check` changes
 * something, false on healthy components between cone checks.
 */
import { expect } from 'chai';
import { ComponentGuard } from '../../src/nmf/components';
import type { NmfData } from '../../src/nmf/data';

/** Column norms of a row-major `rows × k` array, and the Gram of the columns. */
function norms(a: Float32Array, k: number) {
  const rows = a.length / k;
  const n = new Float64Array(k);
  const g = new Float64Array(k * k);
  for (let i = 0; i < rows; i++) {
    for (let s = 0; s < k; s++) {
      for (let t = 0; t < k; t++) g[s * k + t] += a[i * k + s] * a[i * k + t];
    }
  }
  for (let t = 0; t < k; t++) n[t] = Math.sqrt(g[t * k + t]);
  return { n, g };
}

describe('nmf/components: mayAct before check', () => {
  const data = { rows: 3, cols: 4, sqNorm: 12 } as unknown as NmfData;
  // Rank 2: w (3 × 2) and hᵀ (4 × 2), the second component given by (wb, hb) and hᵀ's pattern.
  const factors = (wb: number, hb: number, distinct = true) => ({
    w: Float32Array.from([1, wb, 1, wb, 1, wb]),
    ht: Float32Array.from(distinct ? [1, 0, 1, 0, 0, hb, 0, hb] : [1, hb, 1, hb, 1, hb, 1, hb]),
    scaleComponent(t: number, s: number) {
      for (let i = t; i < this.w.length; i += 2) this.w[i] *= s;
      for (let i = t; i < this.ht.length; i += 2) this.ht[i] /= s;
    },
  });
  const cases: [string, ReturnType<typeof factors>, boolean, number][] = [
    ['healthy, distinct', factors(1, 1), false, 3],
    ['healthy, with penalties', factors(1, 1), true, 3],
    ['dead but non-zero, with penalties', factors(1e-9, 1e-9), true, 3],
    ['zero already, with penalties', factors(0, 0), true, 3],
    // (re-seeding needs X's products, which this stub has not: mayAct alone is asserted)
    ['zero already, re-seedable', factors(0, 0), false, 3],
    ['unbalanced by 2^30', factors(2 ** 15, 2 ** -15), false, 3],
    ['a duplicate of the first', factors(1, 1, false), false, 3],
    ['healthy at a cone check', factors(1, 1), false, 10],
  ];
  for (const [what, f, penalized, iteration] of cases) {
    it(`${what}: mayAct says whether check changes anything`, () => {
      const { n: nw } = norms(f.w, 2);
      const { n: nh, g: gh } = norms(f.ht, 2);
      const may = new ComponentGuard(data, 2, 100, penalized).mayAct(nw, nh, gh, iteration);
      if (what === 'zero already, re-seedable' || what.startsWith('a duplicate')) {
        expect(may).to.equal(true);
        return;
      }
      const out = new ComponentGuard(data, 2, 100, penalized).check(f, iteration);
      const changed = out.reseeded + out.zeroed + out.balanced > 0;
      if (what.startsWith('unbalanced') || what.startsWith('dead')) expect(changed).to.equal(true);
      if (changed) expect(may, 'check acted').to.equal(true);
      // Healthy components are left alone without a read-back, except on cone checks.
      if (what.startsWith('healthy')) expect(may).to.equal(iteration === 10 && !penalized);
    });
  }
});
