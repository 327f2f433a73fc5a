/** Top features and rows of each component, and the heat map of H. */
import { expect } from 'chai';
import { componentSummaries, componentsText, heatmapSvg, withTopDocuments } from '../../src/report';

describe('report: component summaries and the heat map', () => {
  // W: 3 rows × 2 components, H: 2 components × 4 features.
  const W = { data: [1, 0, 0.2, 0.9, 0, 0.5], shape: [3, 2] as [number, number] };
  const H = { data: [0, 2, 1, 0, 3, 0, 0, 0.5], shape: [2, 4] as [number, number] };

  it('lists each component’s largest features and rows, by name or index, zeros left out', () => {
    const s = componentSummaries(
      W,
      H,
      { rowNames: ['a', 'b', 'c'], columnNames: ['w', 'x', 'y', 'z'] },
      2,
    );
    expect(s[0].features.map((f) => f.name)).to.deep.equal(['x', 'y']);
    expect(s[0].rows.map((r) => [r.name, r.weight])).to.deep.equal([
      ['a', 1],
      ['b', 0.2],
    ]);
    expect(s[1].features.map((f) => [f.name, f.index])).to.deep.equal([
      ['w', 0],
      ['z', 3],
    ]);
    expect(s[1].rows.map((r) => r.name)).to.deep.equal(['b', 'c']);
    const plain = componentSummaries(W, H);
    expect(plain[0].features[0].name).to.equal('feature 1');
    expect(plain[1].rows[0].name).to.equal('row 1');
    expect(componentsText(s)).to.equal(
      '0: x (2), y (1)\n   rows: a (1), b (0.2)\n1: w (3), z (0.5)\n   rows: b (0.9), c (0.5)\n',
    );
    expect(() => componentSummaries(W, H, { rowNames: ['a'] })).to.throw('1 names for 3 rows');
  });

  it('adds the top documents to topics', () => {
    const topics = withTopDocuments(
      [
        { component: 0, words: [] },
        { component: 1, words: [] },
      ],
      W,
      ['a', 'b', 'c'],
      1,
    );
    expect(topics.map((t) => t.documents)).to.deep.equal([
      [{ name: 'a', weight: 1 }],
      [{ name: 'b', weight: 0.9 }],
    ]);
  });

  it('draws one cell per entry, each row scaled to its maximum, the widest columns kept', () => {
    const { svg, shown } = heatmapSvg(H, ['w', 'x', 'y', 'z']);
    expect(shown).to.equal(4);
    expect(svg.match(/<rect /g)).to.have.length(8);
    expect(svg).to.contain('<title>component 0, x: 2</title>');
    // The maximum of each row is the darkest colour, a zero is white.
    expect(svg).to.match(/fill="rgb\(8,48,107\)"><title>component 0, x: 2</);
    expect(svg).to.match(/fill="rgb\(255,255,255\)"><title>component 0, w: 0</);
    const few = heatmapSvg(H, undefined, 2);
    expect(few.shown).to.equal(2);
    expect(few.svg).to.contain('component 1, feature 0');
    expect(few.svg).to.contain('component 0, feature 1');
    expect(few.svg).not.to.contain('feature 2');
  });
});
