/**
 * The NMF solver descriptors (src/nmf/solvers.ts): the options, the loop, the memory guard and
 * saved models read capabilities and defaults from them, and the modules of nmf/ and linalg/
 * import each other without a circle.
 */
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import * as ts from 'typescript';
import { estimateNmfBytes } from '../../src/memory';
import { optionsFromManifest } from '../../src/nmf/model-format';
import { resolveNmfOptions, serializableOptions } from '../../src/nmf/options';
import {
  defaultSolver,
  NMF_SOLVER_DESCRIPTORS,
  NMF_SOLVERS,
  requireSupport,
  solversSupporting,
} from '../../src/nmf/solvers';
import { solverEntry } from '../../src/nmf/solver-rules';

const ROOT = join(__dirname, '..', '..', '..');

describe('nmf: solver descriptors', () => {
  it('has one descriptor and one rule factory per solver name', () => {
    expect(Object.keys(NMF_SOLVER_DESCRIPTORS)).to.have.members([...NMF_SOLVERS]);
    for (const name of NMF_SOLVERS) {
      expect(NMF_SOLVER_DESCRIPTORS[name].name).to.equal(name);
      expect(solverEntry(name).rule).to.be.a('function');
    }
  });

  it('gives resolveNmfOptions its defaults, per solver', () => {
    for (const solver of NMF_SOLVERS) {
      const o = resolveNmfOptions({ rank: 2, solver });
      const d = NMF_SOLVER_DESCRIPTORS[solver].defaults;
      expect([o.maxIter, o.tol, o.checkEvery, o.extrapolate], solver).to.deep.equal([
        d.maxIter,
        d.tol,
        d.checkEvery,
        d.extrapolate,
      ]);
    }
    // The values the README and sklearn's port rely on.
    expect(resolveNmfOptions({ rank: 2, solver: 'hals' }).checkEvery).to.equal(1);
    expect(resolveNmfOptions({ rank: 2, solver: 'mu' }).checkEvery).to.equal(10);
    expect(resolveNmfOptions({ rank: 2 }).solver).to.equal('anls');
    expect(resolveNmfOptions({ rank: 2, loss: 'kl' }).solver).to.equal('mu');
    expect(resolveNmfOptions({ rank: 2, nanAsMissing: true }).solver).to.equal('mu');
    expect(defaultSolver(2, false)).to.equal('anls');
  });

  it('lists the solvers that support a feature from their capabilities', () => {
    expect(solversSupporting('loss')).to.deep.equal(['mu', 'overparam-joint']);
    expect(solversSupporting('sparse')).to.deep.equal(['anls', 'mu', 'hals']);
    expect(solversSupporting('nnls')).to.deep.equal(['anls']);
    // The order the CLI's --nan-as-missing messages give: native masks first.
    expect(solversSupporting('mask')).to.deep.equal(['mu', 'overparam-joint', 'anls', 'hals']);
    expect(solversSupporting('extrapolate')).to.deep.equal(['anls', 'hals']);
    expect(solversSupporting('overparam')).to.deep.equal(['overparam-joint']);
    expect(() => requireSupport('hals', 'overparam', 'options learningRate/initScale')).to.throw(
      /options learningRate\/initScale is not supported by solver "hals"; solvers that support it: overparam-joint/,
    );
    expect(() => resolveNmfOptions({ rank: 2, solver: 'mu', extrapolate: true })).to.throw(
      /option extrapolate is not supported by solver "mu"; solvers that support it: anls, hals/,
    );
  });

  it('sizes the memory guard by the work copies the name table gave before', () => {
    const shape = { rows: 1000, cols: 500, rank: 10 };
    for (const solver of NMF_SOLVERS) {
      const byDescriptor = estimateNmfBytes({
        ...shape,
        workCopies: NMF_SOLVER_DESCRIPTORS[solver].workCopies,
      });
      // estimateNmfBytes's `solver` still reads its name table (NNLS names, 10 when unknown).
      expect(byDescriptor.bytes, solver).to.equal(estimateNmfBytes({ ...shape, solver }).bytes);
    }
  });

  it('saves only the options a solver has of its own in a model', () => {
    const of = (solver: (typeof NMF_SOLVERS)[number]) =>
      optionsFromManifest(serializableOptions(resolveNmfOptions({ rank: 3, solver })));
    expect(of('anls')).to.include({ nnlsSolver: 'overparam' }).and.have.property('nnlsOptions');
    expect(of('anls')).not.to.have.property('learningRate');
    expect(of('overparam-joint')).to.include({ learningRate: 0.05, initScale: 1 });
    expect(of('overparam-joint')).not.to.have.property('nnlsSolver');
    for (const s of ['mu', 'hals'] as const) {
      expect(Object.keys(of(s)), s).to.not.include.members(['nnlsSolver', 'learningRate']);
    }
  });
});

/** Relative imports (type imports included) of every .ts file under `dirs`, by file. */
function importGraph(dirs: string[]): Map<string, string[]> {
  const files = dirs.flatMap((d) => walk(join(ROOT, 'src', d)));
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const deps = importedFiles
      .map((f) => f.fileName)
      .filter((name) => name.startsWith('.'))
      .map((name) => resolve(dirname(file), name))
      .flatMap((base) => [`${base}.ts`, join(base, 'index.ts')].filter((f) => files.includes(f)));
    graph.set(file, deps);
  }
  return graph;
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** One import circle of `graph` as a list of files, or undefined (depth-first search). */
function findCycle(graph: Map<string, string[]>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (v: string): string[] | undefined => {
    state.set(v, 'open');
    stack.push(v);
    for (const w of graph.get(v) ?? []) {
      if (state.get(w) === 'open') return stack.slice(stack.indexOf(w));
      if (!state.has(w)) {
        const found = visit(w);
        if (found) return found;
      }
    }
    stack.pop();
    state.set(v, 'done');
    return undefined;
  };
  for (const v of graph.keys()) {
    if (state.has(v)) continue;
    const found = visit(v);
    if (found) return found;
  }
  return undefined;
}

describe('nmf and linalg: import graph', () => {
  it('finds a circle when there is one (the checker works)', () => {
    const g = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
    ]);
    expect(findCycle(g)).to.have.members(['a', 'b', 'c']);
    g.set('c', []);
    expect(findCycle(g)).to.equal(undefined);
  });

  it('has no import circle among the modules of src/nmf and src/linalg (type imports too)', () => {
    const graph = importGraph(['nmf', 'linalg']);
    expect(graph.size).to.be.above(20);
    expect(graph.get(join(ROOT, 'src/nmf/options.ts'))).to.include(
      join(ROOT, 'src/nmf/checkpointing.ts'),
    );
    expect(findCycle(graph)?.map((f) => relative(ROOT, f))).to.equal(undefined);
  });
});
