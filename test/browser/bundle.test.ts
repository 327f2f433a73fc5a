/**
 * The browser entry bundles with esbuild for `--platform=browser` without any unresolved
 * import: scripts/build-browser.mjs --check lists each Node built-in it reaches (module ←
 * importing file). A fixture that imports `fs` and `os` shows that the check does fail.
 */
import { expect } from 'chai';
import { spawnSync } from 'child_process';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..', '..');

function check(entry?: string): { status: number | null; out: string } {
  const args = ['scripts/build-browser.mjs', '--check', ...(entry ? [entry] : [])];
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('browser bundle: no Node built-in', function () {
  this.timeout(120000);

  it('src/browser.ts bundles for the browser with no unresolved import', () => {
    const { status, out } = check();
    expect(out).to.match(/no Node built-in imported/);
    expect(status, out).to.equal(0);
  });

  it('fails, listing module and importer, for an entry that reaches Node built-ins', () => {
    const { status, out } = check('test/browser/fixtures/uses-node.ts');
    expect(status).to.equal(1);
    expect(out).to.match(/unresolved Node imports \(2\)/);
    expect(out).to.contain('fs ← test/browser/fixtures/uses-node.ts');
    expect(out).to.contain('node:os ← test/browser/fixtures/uses-node.ts');
  });
});
