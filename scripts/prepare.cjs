// `prepare` runs on `npm install` in a clone and when npm installs nmflow from git. It builds
// dist/ when the build tools (dev dependencies) are installed; without them (`npm install
// --omit=dev` in a clone) it says so and succeeds instead of failing the whole install.
'use strict';
const { execSync } = require('node:child_process');
const { join } = require('node:path');

const root = join(__dirname, '..');
const missing = ['typescript', 'esbuild'].filter((name) => {
  try {
    require.resolve(`${name}/package.json`, { paths: [root] });
    return false;
  } catch {
    return true;
  }
});
if (missing.length > 0) {
  process.stderr.write(
    `nmflow prepare: skipping the build (${missing.join(', ')} not installed); ` +
      'run `npm install --include=dev && npm run build` to build dist/\n',
  );
} else {
  execSync('npm run build', { cwd: root, stdio: 'inherit' });
}
