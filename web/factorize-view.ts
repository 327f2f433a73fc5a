/**
 * The Factorize view: the form (data, rank, solver, NNLS engine, init, α, loss, iterations,
 * seed, backend), Run / Stop / Continue, the user's files (drop zone and pickers), the live
 * loss curve, the component grid (images) or topic list (text), and the downloads.
 */
import type { Dataset } from '../src/browser';
import { loadFiles } from './data/files';
import { csvText, download, npyBytes } from './download';
import { drawComponents, drawCurve, drawTopics } from './draw';
import { setupDrop } from './drop';
import {
  lastFit,
  lastModelFiles,
  runJob,
  setUserData,
  type PlaygroundConfig,
  type PlaygroundResult,
} from './run';

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

/** The form's values as a job config. */
function formConfig(): PlaygroundConfig {
  const value = (id: string) => $<HTMLInputElement>(id).value;
  const alpha = value('alpha');
  return {
    dataset: value('dataset'),
    rank: Number(value('rank')),
    solver: value('solver') as PlaygroundConfig['solver'],
    nnlsSolver: value('nnlsSolver'),
    init: (value('init') || undefined) as PlaygroundConfig['init'],
    ...(alpha ? { alpha: Number(alpha) } : {}),
    loss: value('loss') as PlaygroundConfig['loss'],
    maxIter: Number(value('maxIter')),
    seed: Number(value('seed')),
    backend: value('backend'),
  };
}

/** Enables the options the chosen solver takes (NNLS engine, α, loss). */
function syncOptions(): void {
  const solver = $<HTMLSelectElement>('solver').value;
  $<HTMLSelectElement>('nnlsSolver').disabled = solver !== 'anls';
  const overparam = solver === 'overparam-joint';
  $<HTMLInputElement>('alpha').disabled = solver !== 'anls' && !overparam;
  // Losses other than Frobenius need mu or overparam-joint.
  const loss = $<HTMLSelectElement>('loss');
  loss.disabled = solver !== 'mu' && !overparam;
  if (loss.disabled) loss.value = 'frobenius';
}

/** Shows `config`'s values in the form (so that a scripted job reads like a clicked one). */
function showConfig(config: PlaygroundConfig): void {
  const set = (id: string, v: string | number | undefined) => {
    if (v !== undefined) $<HTMLInputElement>(id).value = String(v);
  };
  set('dataset', config.dataset);
  set('rank', config.rank);
  set('solver', config.solver);
  set('nnlsSolver', config.nnlsSolver);
  set('init', config.init);
  set('alpha', config.alpha);
  set('loss', config.loss);
  set('maxIter', config.maxIter);
  set('seed', config.seed);
  set('backend', config.backend);
  syncOptions();
}

/** Draws components H (`rank × nFeatures`): a topic list for text, else a grid. */
function drawH(H: Float32Array, rank: number, data: Dataset): void {
  const host = $('components');
  if (data.vocabulary) drawTopics(host, H, rank, data.vocabulary);
  else drawComponents(host, H, rank, data.imageShape);
}

/** Draws the last fit's components and offers its downloads. */
function drawLast(): void {
  const last = lastFit();
  if (!last) return;
  drawH(last.H, last.rank, last.data);
  $<HTMLFieldSetElement>('downloads').disabled = false;
}

let controller: AbortController | undefined;
let points: [number, number][] = [];

/** Runs `config` with the view updating live; the promise is the job's result. */
export async function run(config: PlaygroundConfig): Promise<PlaygroundResult> {
  controller?.abort();
  const mine = new AbortController();
  controller = mine;
  showConfig(config);
  const offset = config.continue ? (points.at(-1)?.[0] ?? 0) : 0;
  if (!config.continue) points = [];
  const curve = $('curve') as unknown as SVGSVGElement;
  $('status').textContent = 'running…';
  $<HTMLButtonElement>('stop').disabled = false;
  try {
    const result = await runJob(config, {
      signal: mine.signal,
      onIteration(iteration, relativeError) {
        points.push([offset + iteration, relativeError]);
        drawCurve(curve, points);
        $('status').textContent =
          `iteration ${offset + iteration}: relative error ${relativeError.toFixed(5)}`;
      },
    });
    $('backend-active').textContent = result.backend;
    $('status').textContent =
      `${result.dataset} (${result.shape.join(' × ')}), rank ${result.rank}: ` +
      `${result.iterations} iterations, relative error ${result.relativeError.toFixed(5)}, ` +
      `${result.seconds.toFixed(2)} s on ${result.backend}`;
    drawLast();
    $<HTMLButtonElement>('continue').disabled = false;
    return result;
  } catch (err) {
    $('status').textContent = `error: ${(err as Error).message}`;
    throw err;
  } finally {
    if (controller === mine) $<HTMLButtonElement>('stop').disabled = true;
  }
}

/** Makes `data` the `files` data set and selects it. */
function useFiles(data: Dataset): void {
  setUserData(data);
  const select = $<HTMLSelectElement>('dataset');
  let option = select.querySelector<HTMLOptionElement>('option[value="files"]');
  if (!option) {
    option = document.createElement('option');
    option.value = 'files';
    select.append(option);
  }
  option.textContent = `your files: ${data.name} (${data.shape.join(' × ')})`;
  select.value = 'files';
  $('drop-status').textContent = `loaded ${data.provenance}`;
}

/** Loads the user's files into the `files` data set; the promise settles when they are read. */
export async function loadUserFiles(files: File[]): Promise<Dataset> {
  $('drop-status').textContent = `reading ${files.length} file(s)…`;
  try {
    const data = await loadFiles(files);
    useFiles(data);
    return data;
  } catch (err) {
    $('drop-status').textContent = `error: ${(err as Error).message}`;
    throw err;
  }
}

/** Offers the last fit's factors and model as downloads. */
function setupDownloads(): void {
  const factor = (which: 'W' | 'H', format: 'npy' | 'csv') => {
    const last = lastFit()!;
    const [rows, cols] =
      which === 'W' ? [last.data.shape[0], last.rank] : [last.rank, last.data.shape[1]];
    const data = last[which];
    if (format === 'npy')
      download(`${which}.npy`, npyBytes(data, rows, cols), 'application/octet-stream');
    else download(`${which}.csv`, csvText(data, rows, cols), 'text/csv');
  };
  for (const which of ['W', 'H'] as const)
    for (const format of ['npy', 'csv'] as const)
      $(`dl-${which}-${format}`).addEventListener('click', () => factor(which, format));
  $('dl-model').addEventListener('click', () => {
    const files = lastModelFiles();
    download('manifest.json', files['manifest.json'], 'application/json');
    setTimeout(
      () => download('components.f32', files['components.f32'], 'application/octet-stream'),
      300,
    );
  });
}

/** Wires the view's controls. */
export function setupFactorize(): void {
  $('run').addEventListener('click', () => void run(formConfig()).catch(() => undefined));
  $('continue').addEventListener(
    'click',
    () => void run({ ...formConfig(), continue: true }).catch(() => undefined),
  );
  $('stop').addEventListener('click', () => controller?.abort());
  $('solver').addEventListener('change', syncOptions);
  syncOptions();
  setupDrop(
    $('drop'),
    [$<HTMLInputElement>('file-input'), $<HTMLInputElement>('folder-input')],
    (files) => {
      void loadUserFiles(files).catch(() => undefined);
    },
  );
  setupDownloads();
}
