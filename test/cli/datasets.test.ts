import { expect } from 'chai';
import * as path from 'path';
import { readMatrixFile } from '../../src/io';
import { expectUserError, listTree, runCli, runJson, tempDir } from './run';

describe('cli: datasets', function () {
  this.timeout(60000);
  const { dir, cleanup } = tempDir();
  after(cleanup);

  it('list --json names every data set with kind and shape', () => {
    const list = runJson<{ name: string; kind: string; shape: string }[]>(['datasets', 'list']);
    const names = list.map((d) => d.name);
    expect(names).to.include.members(['mnist', 'swimmer', 'sotu']);
    expect(list.find((d) => d.name === 'swimmer')!.shape).to.match(/^256 × 1024/);
  });

  it('info --json describes a loaded data set', () => {
    const info = runJson<Record<string, unknown>>(['datasets', 'info', 'swimmer']);
    expect(info).to.include({ name: 'swimmer', kind: 'image', storage: 'dense', min: 0, max: 1 });
    expect(info.shape).to.deep.equal([256, 1024]);
    expect(info.imageShape).to.deep.equal([32, 32]);
    expect(info.provenance).to.be.a('string');
  });

  it('export writes a readable matrix with the seeded subset', async () => {
    const out = path.join(dir, 'swimmer.csv');
    const r = runJson<{ files: string[]; shape: number[] }>([
      'datasets',
      'export',
      'swimmer',
      '--limit',
      '8',
      '--out',
      out,
    ]);
    expect(r.files).to.deep.equal([out]);
    expect(r.shape).to.deep.equal([8, 1024]);
    const m = await readMatrixFile(out);
    expect(m.shape).to.deep.equal([8, 1024]);
  });

  it('unknown data sets and missing arguments: exit 2 with the known names, nothing written', () => {
    const before = listTree(dir);
    expectUserError(
      runCli(['datasets', 'export', 'nope', '--out', path.join(dir, 'n.csv')]),
      /unknown data set "nope"; known data sets: mnist, swimmer, sotu/,
    );
    expectUserError(runCli(['datasets', 'info']), /needs a data set name; known data sets: mnist/);
    expectUserError(runCli(['datasets', 'export', 'swimmer']), /needs --out FILE/);
    expectUserError(
      runCli(['datasets', 'export', 'swimmer', '--out', path.join(dir, 'x.unknown')]),
      /cannot tell the format of .*x\.unknown/,
    );
    expect(listTree(dir)).to.deep.equal(before);
  });
});
