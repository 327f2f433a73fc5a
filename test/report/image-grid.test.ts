import { expect } from 'chai';
import { PNG } from 'pngjs';
import { imageGrid } from '../../src/report';

/** k components of h × w: component c lights pixel c (and has a dimmer pixel at c + 1). */
function components(k: number, h: number, w: number) {
  const data = new Float32Array(k * h * w);
  for (let c = 0; c < k; c++) {
    data[c * h * w + c] = 10 * (c + 1);
    data[c * h * w + ((c + 1) % (h * w))] = 5 * (c + 1);
  }
  return { data, shape: [k, h * w] as [number, number] };
}

function grey(png: PNG, x: number, y: number): number {
  return png.data[(y * png.width + x) * 4];
}

describe('report/imageGrid', () => {
  it('decodes back with the size the layout implies', () => {
    const png = PNG.sync.read(imageGrid(components(5, 4, 3), [4, 3], { columns: 2, scale: 3 }));
    // tiles 9 × (12 + 13 label rows), 4 px gaps: 2 columns, 3 rows
    expect(png.width).to.equal(4 + 2 * (9 + 4));
    expect(png.height).to.equal(4 + 3 * (12 + 13 + 4));
  });

  it('normalizes each component to its own maximum (max → black, half → mid grey, 0 → white)', () => {
    const png = PNG.sync.read(imageGrid(components(3, 2, 2), [2, 2], { labels: false, scale: 1 }));
    // columns = ceil(sqrt(3)) = 2; component 2 is the first tile of the second row
    const tiles = [
      [4, 4],
      [4 + 2 + 4, 4],
      [4, 4 + 2 + 4],
    ];
    tiles.forEach(([x0, y0], c) => {
      const at = (i: number) => grey(png, x0 + (i % 2), y0 + Math.floor(i / 2));
      expect(at(c), `component ${c} max`).to.equal(0);
      expect(at((c + 1) % 4), `component ${c} half`).to.equal(128);
      expect(at((c + 2) % 4), `component ${c} zero`).to.equal(255);
    });
  });

  it('writes component indices in the label strip (ink only where labels are on)', () => {
    const withLabels = PNG.sync.read(imageGrid(components(12, 6, 6), [6, 6], { scale: 2 }));
    const without = PNG.sync.read(
      imageGrid(components(12, 6, 6), [6, 6], { scale: 2, labels: false }),
    );
    const inkInStrip = (png: PNG, labelH: number) => {
      let ink = 0;
      for (let y = 4; y < 4 + labelH; y++)
        for (let x = 0; x < png.width; x++) if (grey(png, x, y) === 0) ink++;
      return ink;
    };
    expect(inkInStrip(withLabels, 13)).to.be.greaterThan(0);
    expect(without.height).to.be.lessThan(withLabels.height);
  });

  it('draws zero, negative and non-finite values white and survives an all-zero component', () => {
    const data = new Float32Array([0, 0, 0, 0, -1, NaN, Infinity, 2]);
    const png = PNG.sync.read(
      imageGrid({ data, shape: [2, 4] }, [2, 2], { labels: false, scale: 1, columns: 2 }),
    );
    for (const [x, y] of [
      [4, 4],
      [5, 5],
      [10, 4],
      [11, 4],
      [10, 5],
    ])
      expect(grey(png, x, y)).to.equal(255);
    expect(grey(png, 11, 5)).to.equal(0);
  });

  it('rejects a mismatched image shape and bad options with clear messages', () => {
    const c = components(2, 4, 4);
    expect(() => imageGrid(c, [3, 5])).to.throw(
      /image shape \[3, 5\] does not match components of 16 pixels/,
    );
    expect(() => imageGrid({ data: new Float32Array(5), shape: [2, 4] }, [2, 2])).to.throw(
      /components.data has 5 entries but shape \[2, 4\] needs 8/,
    );
    expect(() => imageGrid(c, [4, 4], { scale: 0 })).to.throw(
      /option scale must be an integer ≥ 1/,
    );
  });
});
