/**
 * `nmflow factorize --resume DIR` takes the rank from the checkpoint, and a matrix file whose
 * declared size needs more than the memory limit is refused as bad input (exit 2) with the
 * flag that raises the limit named, before anything is allocated.
 */
import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import { lowRankCsv } from './fixtures';
import { expectUserError, runCli, runJson, tempDir } from './run';

interface FactorizeJson {
  rank: number;
  iterations: number;
  shape: [number, number];
}

describe('cli: factorize --resume and --memory-limit', function () {
  this.timeout(120000);
  const { dir, cleanup } = tempDir();
  const { file: X } = lowRankCsv(dir);
  after(cleanup);

  it('--resume DIR needs no --rank: the checkpoint holds it', () => {
    const ck = path.join(dir, 'ck');
    const base = ['factorize', '--input', X, '--solver', 'hals', '--tol', '0'];
    const first = runJson<FactorizeJson>([
      ...base,
      '--rank',
      '3',
      '--max-iter',
      '10',
      '--checkpoint',
      ck,
    ]);
    expect(first.rank).to.equal(3);
    expect(fs.existsSync(path.join(ck, 'manifest.json'))).to.equal(true);
    const resumed = runJson<FactorizeJson>([...base, '--max-iter', '25', '--resume', ck]);
    expect(resumed.rank).to.equal(3);
    expect(resumed.iterations).to.equal(25);
  });

  it('without --resume, --rank is still required (exit 2, naming --rank)', () => {
    expectUserError(runCli(['factorize', '--input', X]), /--rank/);
  });

  it('a file declaring more than the limit: exit 2, naming --memory-limit; the flag raises it', () => {
    // A Matrix Market array declaring 100000 × 100000 entries (37 GiB dense), two given.
    const big = path.join(dir, 'big.mtx');
    fs.writeFileSync(big, '%%MatrixMarket matrix array real general\n100000 100000\n1\n2\n');
    expectUserError(
      runCli(['factorize', '--input', big, '--rank', '2']),
      /big\.mtx: a dense 100000 × 100000 matrix needs 37\.3 GiB.*--memory-limit/,
    );
    // A limit below what the fit plans to use refuses it, before it starts, naming the flag too.
    expectUserError(
      runCli(['factorize', '--input', X, '--rank', '2', '--memory-limit', '100']),
      /NMF of a 12 × 8 matrix with rank 2 needs .*limit of 100 B \(--memory-limit\).*--memory-limit/,
    );
    const ok = runJson<FactorizeJson>([
      'factorize',
      '--input',
      X,
      '--rank',
      '2',
      '--memory-limit',
      '1G',
    ]);
    expect(ok.shape).to.deep.equal([12, 8]);
  });

  it('a malformed --memory-limit is a usage error naming the flag', () => {
    expectUserError(
      runCli(['factorize', '--input', X, '--rank', '2', '--memory-limit', 'lots']),
      /option --memory-limit must be a positive byte count/,
    );
  });
});
