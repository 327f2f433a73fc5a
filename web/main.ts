/**
 * The playground page: the Factorize view and the implicit-bias explorer (tabs), and the
 * scripting hooks `window.nmflowPlayground.run(config)`, `.explore(config)` and `.loadFiles`;
 * `?run=<JSON config>` runs one job on load and writes its result as JSON into
 * `<pre id="nmflow-result">` (`?explore=<JSON>` the same for the explorer); `?view=explorer`
 * opens the explorer.
 */
import { explore, setupExplorer } from './explorer-view';
import { loadUserFiles, run, setupFactorize } from './factorize-view';

/** Shows view `name` (`factorize` or `explorer`). */
function show(name: string): void {
  for (const view of Array.from(document.querySelectorAll<HTMLElement>('.view')))
    view.hidden = view.id !== `view-${name}`;
  for (const tab of Array.from(document.querySelectorAll<HTMLElement>('[data-view]'))) {
    tab.classList.toggle('active', tab.dataset.view === name);
  }
}

/** A `?run=` / `?explore=` query: one job on load, its result (or error) in `<pre id="nmflow-result">`. */
async function runFromQuery(): Promise<void> {
  const params = new URLSearchParams(location.search);
  const view = params.get('view');
  if (view) show(view);
  const job = params.get('run') ?? params.get('explore');
  if (job === null) return;
  if (params.has('explore')) show('explorer');
  const out = document.createElement('pre');
  out.id = 'nmflow-result';
  try {
    const config = JSON.parse(job) as object;
    const result = params.has('run') ? await run(config) : await explore(config);
    out.textContent = JSON.stringify(result, (_k, v: unknown) =>
      v instanceof Float32Array ? undefined : v,
    );
  } catch (err) {
    out.textContent = JSON.stringify({ error: (err as Error).message });
  }
  document.body.append(out);
}

(window as unknown as { nmflowPlayground: object }).nmflowPlayground = {
  run,
  explore,
  loadFiles: loadUserFiles,
  show,
};
for (const tab of Array.from(document.querySelectorAll<HTMLElement>('[data-view]'))) {
  tab.addEventListener('click', () => show(tab.dataset.view!));
}
setupFactorize();
setupExplorer();
void runFromQuery();
