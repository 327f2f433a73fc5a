/**
 * The NMF solver descriptors (src/nmf/solvers.ts): the options, the loop, the memory guard and
 * saved models read capabilities and defaults from them. (That src/, nmf/ included, has no
 * import circle is test/import-graph.test.ts's.)
 */
import { expect } from 'chai';
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
