// `prepare` runs on `npm install` in a clone and when npm installs nmflow from git. It builds
// dist/ when the build tools (dev dependencies) are installed; without them (`npm install
// --omit=dev` in a clone) it says so and succeeds instead of failing the whole install. It ships
// in the tarball so that a `prepare` run on the installed package (npm >= 11 lists it for
// approval) finds it and does nothing.
'use strict';
const { execSync } = require('node:child_process');
const { join } = require('node:path');
const { existsSync } = require('node:fs');

const root = join(__dirname, '..');
// An installed tarball (registry or file) has dist/ and no sources: nothing to build.
const isCheckout =
  existsSync(join(root, 'src', 'index.ts')) && existsSync(join(root, 'tsconfig.json'));
const missing = ['typescript', 'esbuild'].filter((name) => {
  try {
    require.resolve(`${name}/package.json`, { paths: [root] });
    return false;
  } catch {
    return true;
  }
});
if (!isCheckout) {
  // nothing to do
} else if (missing.length > 0) {
  process.stderr.write(
    `nmflow prepare: skipping the build (${missing.join(', ')} not installed); ` +
      'run `npm install --include=dev && npm run build` to build dist/\n',
  );
} else {
  execSync('npm run build', { cwd: root, stdio: 'inherit' });
}
