/**
 * The playground page: the Factorize view (a built-in data set, rank, solver, init, α,
 * iterations, backend; live loss curve, component grid, stop) and the scripting hook
 * `window.nmflowPlayground.run(config)`; `?run=<JSON config>` runs one job on load and writes
 * its result as JSON into `<pre id="nmflow-result">`.
 */
import { drawComponents, drawCurve } from './draw';
import { runJob, type PlaygroundConfig, type PlaygroundResult } from './run';

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

/** The form's values as a job config. */
function formConfig(): PlaygroundConfig {
  const value = (id: string) => $<HTMLInputElement>(id).value;
  const alpha = value('alpha');
  return {
    dataset: value('dataset') as PlaygroundConfig['dataset'],
    rank: Number(value('rank')),
    solver: value('solver') as PlaygroundConfig['solver'],
    init: (value('init') || undefined) as PlaygroundConfig['init'],
    ...(alpha ? { alpha: Number(alpha) } : {}),
    maxIter: Number(value('maxIter')),
    seed: Number(value('seed')),
    backend: value('backend'),
  };
}

let controller: AbortController | undefined;

/** Runs `config` with the view updating live; the promise is the job's result. */
async function run(config: PlaygroundConfig): Promise<PlaygroundResult> {
  controller?.abort();
  const mine = new AbortController();
  controller = mine;
  const points: [number, number][] = [];
  const curve = $<HTMLElement>('curve') as unknown as SVGSVGElement;
  $('status').textContent = 'running…';
  $<HTMLButtonElement>('stop').disabled = false;
  try {
    const result = await runJob(config, {
      signal: mine.signal,
      onIteration(iteration, relativeError) {
        points.push([iteration, relativeError]);
        drawCurve(curve, points);
        $('status').textContent =
          `iteration ${iteration}: relative error ${relativeError.toFixed(5)}`;
      },
      onComponents: (H, rank, data) => drawComponents($('components'), H, rank, data.imageShape),
    });
    $('backend-active').textContent = result.backend;
    $('status').textContent =
      `${result.iterations} iterations, relative error ${result.relativeError.toFixed(5)}, ` +
      `${result.seconds.toFixed(2)} s on ${result.backend}`;
    return result;
  } catch (err) {
    $('status').textContent = `error: ${(err as Error).message}`;
    throw err;
  } finally {
    if (controller === mine) $<HTMLButtonElement>('stop').disabled = true;
  }
}

/** The `?run=` query: one job on load, its result (or error) in `<pre id="nmflow-result">`. */
async function runFromQuery(): Promise<void> {
  const query = new URLSearchParams(location.search).get('run');
  if (query === null) return;
  const out = document.createElement('pre');
  out.id = 'nmflow-result';
  try {
    const result = await run(JSON.parse(query) as PlaygroundConfig);
    out.textContent = JSON.stringify(result);
  } catch (err) {
    out.textContent = JSON.stringify({ error: (err as Error).message });
  }
  document.body.append(out);
}

(window as unknown as { nmflowPlayground: object }).nmflowPlayground = { run };
$('run').addEventListener('click', () => void run(formConfig()).catch(() => undefined));
$('stop').addEventListener('click', () => controller?.abort());
void runFromQuery();
