/** The Factorize view's pictures: the loss curve (SVG) and the component grid (canvases). */

const SVG = 'http://www.w3.org/2000/svg';

/** Draws relative error against iteration as a polyline in `svg` (its viewBox is 300 × 120). */
export function drawCurve(svg: SVGSVGElement, points: [number, number][]): void {
  svg.replaceChildren();
  if (points.length === 0) return;
  const maxX = Math.max(1, ...points.map((p) => p[0]));
  const ys = points.map((p) => p[1]);
  const lo = Math.min(...ys);
  const hi = Math.max(...ys);
  const span = hi - lo || 1;
  const line = document.createElementNS(SVG, 'polyline');
  line.setAttribute(
    'points',
    points
      .map(
        ([x, y]) =>
          `${((x / maxX) * 290 + 5).toFixed(1)},${(115 - ((y - lo) / span) * 110).toFixed(1)}`,
      )
      .join(' '),
  );
  line.setAttribute('fill', 'none');
  line.setAttribute('stroke', '#1f77b4');
  line.setAttribute('stroke-width', '1.5');
  svg.append(line);
}

/**
 * Draws each row of H (`rank × nFeatures`, row-major) as a grey image of `imageShape`
 * (rows × columns), or as a one-pixel-high strip where the data are not images.
 */
export function drawComponents(
  host: HTMLElement,
  H: Float32Array,
  rank: number,
  imageShape?: [number, number],
): void {
  host.replaceChildren();
  const features = H.length / rank;
  const [h, w] = imageShape ?? [1, features];
  for (let k = 0; k < rank; k++) {
    const row = H.subarray(k * features, (k + 1) * features);
    const max = Math.max(...row) || 1;
    const canvas = document.createElement('canvas');
    canvas.width = w;
    canvas.height = h;
    canvas.className = imageShape ? 'component' : 'component strip';
    const ctx = canvas.getContext('2d')!;
    const image = ctx.createImageData(w, h);
    row.forEach((v, i) => {
      const g = 255 - Math.round((255 * Math.max(v, 0)) / max);
      image.data.set([g, g, g, 255], 4 * i);
    });
    ctx.putImageData(image, 0, 0);
    host.append(canvas);
  }
}

/**
 * Lists each component's `top` heaviest terms (text data): row k of H (`rank × nTerms`) with
 * `vocabulary[j]` naming column j.
 */
export function drawTopics(
  host: HTMLElement,
  H: Float32Array,
  rank: number,
  vocabulary: string[],
  top = 8,
): void {
  host.replaceChildren();
  const list = document.createElement('ol');
  list.className = 'topics';
  const terms = H.length / rank;
  for (let k = 0; k < rank; k++) {
    const row = H.subarray(k * terms, (k + 1) * terms);
    const order = Array.from(row.keys())
      .sort((a, b) => row[b] - row[a])
      .slice(0, top)
      .filter((j) => row[j] > 0);
    const item = document.createElement('li');
    item.textContent = order.map((j) => vocabulary[j]).join(' · ') || '(empty)';
    list.append(item);
  }
  host.append(list);
}
