import { expect } from 'chai';
import { lineChart } from '../../src/report';
import { checkWellFormed } from './xml';

const opts = { title: 'Loss <vs> time & more', xLabel: 'iteration', yLabel: 'objective' };

/** The number of separate runs (M commands) of each path. */
function runsPerPath(svg: string): number[] {
  return [...svg.matchAll(/<path d="([^"]+)"/g)].map((m) => m[1].split('M').length - 1);
}

describe('report/lineChart', () => {
  it('is well-formed SVG with escaped text, one path and one legend entry per series', () => {
    const svg = lineChart(
      [
        { name: 'overparam', x: [0, 1, 2, 3], y: [4, 2, 1, 0.5] },
        { name: 'mu & friends', x: [0, 1, 2, 3], y: [4, 3, 2.5, 2], dashed: true },
      ],
      { ...opts, hLines: [{ y: 0.25, label: 'exact (LH)' }] },
    );
    expect(checkWellFormed(svg)).to.deep.equal({ ok: true });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).to.equal(true);
    expect(svg).to.contain('Loss &lt;vs&gt; time &amp; more');
    expect(svg).to.contain('>overparam</text>');
    expect(svg).to.contain('>mu &amp; friends</text>');
    expect(svg).to.contain('>exact (LH)</text>');
    expect(svg.match(/<path /g)).to.have.length(2);
    expect(svg.match(/stroke-dasharray="6 4"/g)).to.have.length(2); // dashed path + its legend line
  });

  it('maps points monotonically into the plot area (y grows downwards)', () => {
    const svg = lineChart([{ name: 'a', x: [0, 10, 20], y: [1, 5, 3] }], {
      ...opts,
      width: 500,
      height: 300,
    });
    const d = svg.match(/<path d="M([^"]+)"/)![1];
    const pts = d.split(/[L ]/).map((p) => p.split(',').map(Number));
    expect(pts).to.have.length(3);
    expect(pts[0][0]).to.be.lessThan(pts[1][0]);
    expect(pts[1][0]).to.be.lessThan(pts[2][0]);
    expect(pts[1][1]).to.be.lessThan(pts[2][1]);
    expect(pts[2][1]).to.be.lessThan(pts[0][1]);
    for (const [x, y] of pts) {
      expect(x).to.be.within(0, 500);
      expect(y).to.be.within(0, 300);
    }
  });

  it('starts and ends a linear axis on the data when the data ends on nice numbers', () => {
    const svg = lineChart([{ name: 'a', x: [0, 10, 20], y: [0, 1, 2] }], opts);
    const labels = [...svg.matchAll(/text-anchor="middle">(-?[\d.]+)<\/text>/g)].map((m) => m[1]);
    expect(labels).to.deep.equal(['0', '5', '10', '15', '20']);
  });

  it('puts decade ticks on log axes and skips non-positive and non-finite points', () => {
    const svg = lineChart(
      [{ name: 'kkt', x: [1, 10, 100, 1000, 10000], y: [1, 1e-2, 0, NaN, 1e-6] }],
      { ...opts, logX: true, logY: true },
    );
    expect(checkWellFormed(svg)).to.deep.equal({ ok: true });
    for (const label of ['10⁻⁶', '10⁻²', '10⁴', '>1<']) expect(svg).to.contain(label);
    // The points at y = 0 and y = NaN break the line: a 2-point run and an isolated dot.
    expect(runsPerPath(svg)).to.deep.equal([1]);
    expect(svg.match(/<circle /g)).to.have.length(1);
    expect(svg).not.to.match(/NaN|Infinity/);
  });

  it('labels 2× and 5× ticks when a log axis spans only one or two decades', () => {
    const svg = lineChart([{ name: 'a', x: [1, 2], y: [15, 80] }], { ...opts, logY: true });
    for (const label of ['>10<', '>20<', '>50<', '>10²<']) expect(svg).to.contain(label);
  });

  it('renders an empty chart with a note instead of failing', () => {
    const svg = lineChart([{ name: 'none', x: [1], y: [-1] }], { ...opts, logY: true });
    expect(checkWellFormed(svg)).to.deep.equal({ ok: true });
    expect(svg).to.contain('no drawable data');
    expect(svg).not.to.match(/NaN|Infinity/);
  });

  it('rejects series whose x and y lengths differ, naming the series', () => {
    expect(() => lineChart([{ name: 'bad', x: [1, 2], y: [1] }], opts)).to.throw(
      /series "bad" has 2 x values but 1 y values/,
    );
  });
});
