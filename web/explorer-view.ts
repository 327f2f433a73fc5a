/**
 * The implicit-bias explorer view: its charts (l1 norm and Hoyer sparseness against α, NNLS
 * and NMF side by side), the NNLS solutions as bar plots, the NMF components as grids, and a
 * table of the numbers. Computations are explorer-run.ts's.
 */
import { drawBars, drawLogChart } from './chart';
import { drawComponents } from './draw';
import { runExplorer, type ExplorerConfig, type ExplorerResult } from './explorer-run';

const $ = (id: string) => document.getElementById(id)!;
const svg = (id: string) => $(id) as unknown as SVGSVGElement;

function row(cells: (string | number)[], head = false): HTMLTableRowElement {
  const tr = document.createElement('tr');
  for (const c of cells) {
    const td = document.createElement(head ? 'th' : 'td');
    td.textContent = typeof c === 'number' ? c.toPrecision(4) : c;
    tr.append(td);
  }
  return tr;
}

/** Draws `r` into the explorer's elements. */
export function drawExplorer(r: ExplorerResult): void {
  const { runs, lawsonHanson, truth } = r.nnls;
  const points = (f: (x: (typeof runs)[number]) => number) =>
    runs.map((x) => [x.alpha!, f(x)] as [number, number]);
  drawLogChart(
    svg('ex-nnls-chart'),
    [
      { name: '‖x‖₁', points: points((x) => x.l1) },
      {
        name: `Lawson–Hanson ${lawsonHanson.l1.toFixed(3)}`,
        points: points(() => lawsonHanson.l1),
      },
      { name: `x* ${truth.l1.toFixed(3)}`, points: points(() => truth.l1) },
    ],
    'α (initial scale)',
    'NNLS: ‖x‖₁',
  );
  const bars = $('ex-nnls-bars');
  bars.replaceChildren();
  const max = Math.max(...[...runs, lawsonHanson, truth].flatMap((x) => x.x));
  for (const x of [truth, lawsonHanson, ...runs]) {
    const s = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    s.setAttribute('viewBox', '0 0 200 60');
    s.classList.add('bars');
    drawBars(s, x.x, max, `${x.label}: ‖x‖₁ ${x.l1.toFixed(3)}, ${x.nonzeros} non-zeros`);
    bars.append(s);
  }
  const table = $('ex-table');
  table.replaceChildren(row(['NNLS', 'α', '‖x‖₁', 'Hoyer', 'non-zeros', '‖Ax − b‖'], true));
  for (const x of [truth, lawsonHanson, ...runs]) {
    table.append(
      row([
        x.label,
        x.alpha ?? '—',
        x.l1,
        x.hoyer,
        String(x.nonzeros),
        x.residual.toExponential(1),
      ]),
    );
  }
  const nmf = r.nmf;
  if (!nmf) return;
  const anls = nmf.runs.filter((x) => x.alpha !== undefined);
  const mu = nmf.runs[0];
  const at = (f: (x: (typeof anls)[number]) => number) =>
    anls.map((x) => [x.alpha!, f(x)] as [number, number]);
  drawLogChart(
    svg('ex-nmf-chart'),
    [
      { name: 'Hoyer(W), anls', points: at((x) => x.hoyerW) },
      { name: `Hoyer(W), MU ${mu.hoyerW.toFixed(3)}`, points: at(() => mu.hoyerW) },
      { name: 'Hoyer(H), anls', points: at((x) => x.hoyerH) },
      { name: `Hoyer(H), MU ${mu.hoyerH.toFixed(3)}`, points: at(() => mu.hoyerH) },
    ],
    'α (anls NNLS initial scale)',
    `NMF at rel. error ≤ ${nmf.targetError.toFixed(4)}`,
  );
  const grids = $('ex-nmf-grids');
  grids.replaceChildren();
  for (const x of nmf.runs) {
    const box = document.createElement('figure');
    const cap = document.createElement('figcaption');
    cap.textContent = `${x.label}: error ${x.relativeError.toFixed(4)}, ${x.iterations} it., Hoyer H ${x.hoyerH.toFixed(3)}`;
    const grid = document.createElement('div');
    grid.className = 'grid small';
    drawComponents(grid, x.H, nmf.rank, nmf.imageShape);
    box.append(cap, grid);
    grids.append(box);
  }
  table.append(row(['NMF', 'α', 'rel. error', 'Hoyer(W)', 'Hoyer(H)', 'iterations'], true));
  for (const x of nmf.runs) {
    table.append(
      row([x.label, x.alpha ?? '—', x.relativeError, x.hoyerW, x.hoyerH, String(x.iterations)]),
    );
  }
}

/** The explorer form's config. */
function formConfig(): ExplorerConfig {
  const alphas = ($('ex-alphas') as HTMLInputElement).value
    .split(/[,\s]+/)
    .filter(Boolean)
    .map(Number);
  return {
    alphas,
    backend: ($('backend') as HTMLSelectElement).value,
    rank: Number(($('ex-rank') as HTMLInputElement).value),
    maxIter: Number(($('ex-iter') as HTMLInputElement).value),
  };
}

/** Runs the explorer with `config` and draws it; the status line says how it went. */
export async function explore(config: ExplorerConfig): Promise<ExplorerResult> {
  $('ex-status').textContent = 'running…';
  try {
    const start = performance.now();
    const r = await runExplorer(config);
    drawExplorer(r);
    $('backend-active').textContent = r.backend;
    $('ex-status').textContent =
      `done in ${((performance.now() - start) / 1000).toFixed(1)} s on ${r.backend}`;
    return r;
  } catch (err) {
    $('ex-status').textContent = `error: ${(err as Error).message}`;
    throw err;
  }
}

/** Wires the explorer's Run button. */
export function setupExplorer(): void {
  $('ex-run').addEventListener('click', () => void explore(formConfig()).catch(() => undefined));
}
