/**
 * The modules of src/ import each other without a circle (type imports included): every layer,
 * the kernels' thread pool and its tasks, the ops and their registration, nmf's options and
 * checkpointing. A circle leaves some module half-initialized while another one's top level
 * runs (names.ts exists because one registered kernels under the name "undefined").
 */
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import * as ts from 'typescript';

const ROOT = join(__dirname, '..', '..');
const SRC = join(ROOT, 'src');

/** Relative imports (type imports and re-exports included) of every .ts file under `dir`. */
function importGraph(dir: string): Map<string, string[]> {
  const files = walk(dir);
  const known = new Set(files);
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const deps = importedFiles
      .map((f) => f.fileName)
      .filter((name) => name.startsWith('.'))
      .map((name) => resolve(dirname(file), name.replace(/\.js$/, '')))
      .flatMap((base) => [`${base}.ts`, join(base, 'index.ts')].filter((f) => known.has(f)));
    graph.set(file, [...new Set(deps)]);
  }
  return graph;
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/**
 * Every import circle of `graph`: its strongly connected components of more than one file (or
 * a file importing itself), each sorted, in the order Tarjan's algorithm closes them.
 */
function importCircles(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const circles: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    for (let w = ''; w !== v;) {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    }
    if (component.length > 1 || graph.get(v)?.includes(v)) circles.push(component.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return circles;
}

describe('src: import graph', () => {
  it('finds every circle when there are some (the checker works)', () => {
    const g = new Map([
      ['a', ['b']],
      ['b', ['c', 'd']],
      ['c', ['a']],
      ['d', ['e']],
      ['e', ['d', 'f']],
      ['f', ['f']],
      ['g', ['a']],
    ]);
    expect(importCircles(g)).to.have.deep.members([['f'], ['d', 'e'], ['a', 'b', 'c']]);
    g.set('c', []);
    g.set('e', ['f']);
    g.set('f', []);
    expect(importCircles(g)).to.deep.equal([]);
  });

  it('reads imports, type imports and re-exports of every module', () => {
    const graph = importGraph(SRC);
    expect(graph.size).to.be.above(200);
    const deps = (file: string) => graph.get(join(SRC, file))?.map((f) => relative(SRC, f));
    // import type { … } from
    expect(deps('kernels/register-host.ts')).to.include('kernels/half-step-attrs.ts');
    // export * from
    expect(deps('kernels/ops.ts')).to.include('kernels/names.ts');
    // a folder's index.ts
    expect(deps('distributed/shard-jobs.ts')).to.include('nnls/index.ts');
    expect(deps('nmf/options.ts')).to.include('nmf/checkpointing.ts');
    expect(deps('kernels/threads/worker-loop.ts')).to.include('kernels/threads/tasks.ts');
  });

  it('has no import circle among the modules of src/ (type imports too)', () => {
    const circles = importCircles(importGraph(SRC)).map((c) => c.map((f) => relative(SRC, f)));
    expect(circles).to.deep.equal([]);
  });

  it('keeps the low layers below the solvers: linalg, kernels and riemannian import no nnls or nmf', () => {
    // DESIGN.md's order: … → nmf → nnls → riemannian → kernels → linalg; the solvers express
    // their algorithms through the kernels' ops, never the other way round.
    const low = ['linalg/', 'kernels/', 'riemannian/'];
    const high = ['nnls/', 'nmf/', 'datasets/', 'io/', 'report/', 'experiments/', 'cli/'];
    const upward: string[] = [];
    for (const [file, deps] of importGraph(SRC)) {
      const from = relative(SRC, file);
      if (!low.some((l) => from.startsWith(l))) continue;
      for (const dep of deps.map((d) => relative(SRC, d))) {
        if (high.some((h) => dep.startsWith(h))) upward.push(`${from} → ${dep}`);
      }
    }
    expect(upward).to.deep.equal([]);
  });
});
