/** `nmflow setup native`: its report and its usage errors (the build itself runs in CI). */
import { expect } from 'chai';
import { expectUserError, runCli } from './run';

describe('cli: setup native', () => {
  it('a missing --wheel file: one line naming it, exit 2', () => {
    expectUserError(
      runCli(['setup', 'native', '--wheel', '/nonexistent/tf.whl']),
      /--wheel \/nonexistent\/tf\.whl: no such file/,
    );
  });

  it('--check --json reports the state without changing it: ok with a version, or the problem', () => {
    const r = runCli(['setup', 'native', '--check', '--json', '--quiet']);
    const report = JSON.parse(r.stdout) as {
      ok: boolean;
      tensorflow: string | null;
      problem?: string;
    };
    if (report.ok) {
      expect(r.code).to.equal(0);
      expect(report.tensorflow).to.match(/^\d+\.\d+\.\d+/);
      expect(r.stderr).to.equal('');
    } else {
      expect(r.code).to.equal(1);
      expect(report.problem).to.be.a('string');
      // The error line, then the CLI's usual hint for exit code 1.
      expect(r.stderr.trim().split('\n')).to.have.length(2);
      expect(r.stderr).to.match(
        /^nmflow: error: the tensorflow backend is not set up: .*nmflow setup native/,
      );
    }
  });

  it('--gpu --check --json reports on @tensorflow/tfjs-node-gpu, and names `setup native --gpu`', () => {
    const r = runCli(['setup', 'native', '--gpu', '--check', '--json', '--quiet']);
    const report = JSON.parse(r.stdout) as { ok: boolean; package: string; problem?: string };
    expect(report.package).to.equal('@tensorflow/tfjs-node-gpu');
    if (report.ok) {
      expect(r.code).to.equal(0);
    } else {
      expect(r.code).to.equal(1);
      expect(r.stderr).to.match(/^nmflow: error: .*run `nmflow setup native --gpu`/);
    }
  });
});
