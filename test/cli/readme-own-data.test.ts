/**
 * The README's "Your own data" commands, run exactly as written (in a folder holding the
 * generated photos/, notes/, lines/ and small CSV files they name), each must succeed.
 */
import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import { readMatrixFile } from '../../src/io';
import { csv, lowRankCsv } from './fixtures';
import {
  plantedDocumentFolder,
  plantedDocumentLines,
  plantedImageFolder,
} from './real-data-fixtures';
import { listTree, runCli, tempDir } from './run';

/** The `sh` block of the README section "Your own data", one command per line. */
function readmeCommands(): string[][] {
  const readme = fs.readFileSync(path.resolve(__dirname, '../../../README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Your own data'));
  const block = /```sh\n([\s\S]*?)```/.exec(section)![1];
  return block
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map(words);
}

/** Shell words of one line (single quotes group; no other shell syntax is used). */
function words(line: string): string[] {
  const out: string[] = [];
  for (const m of line.matchAll(/'([^']*)'|(\S+)/g)) out.push(m[1] ?? m[2]);
  return out;
}

describe('cli: the README "Your own data" commands run as written', function () {
  this.timeout(300000);
  const { dir, cleanup } = tempDir();
  after(cleanup);
  const at = (...p: string[]) => path.join(dir, ...p);

  before(() => {
    plantedImageFolder(at('photos'));
    plantedDocumentFolder(at('notes'));
    plantedDocumentLines(at('lines'));
    fs.writeFileSync(at('named.csv'), 'name,red,green,blue\n"a, b",1,0,2\nc,0,3,1\nd,1,3,3\n');
    fs.writeFileSync(at('semicolons.csv'), 'x;y;z\n1;2;3\n4;5;6\n');
    fs.writeFileSync(at('data.dat'), '1.0|2\n3|4\n5|6\n');
    const { X } = lowRankCsv(dir);
    fs.writeFileSync(
      at('holes.csv'),
      csv(X)
        .replace(/^[^,\n]+,/m, ',')
        .replace(/\n[^,\n]+,/, '\nNaN,'),
    );
  });

  it('every command succeeds, and their outputs are there', async () => {
    const commands = readmeCommands();
    expect(commands.length).to.be.at.least(10);
    for (const [program, ...args] of commands) {
      expect(program).to.equal('nmflow');
      const r = runCli(args, dir);
      expect(r.code, `${args.join(' ')}\n${r.stderr}`).to.equal(0);
    }
    expect(listTree(at('out', 'photos'))).to.include.members(['components.png', 'names.json']);
    expect(fs.readFileSync(at('out', 'notes', 'topics.txt'), 'utf8')).to.match(/documents: t\d-\d/);
    expect(JSON.parse(fs.readFileSync(at('out', 'lines', 'names.json'), 'utf8')).rows[0]).to.equal(
      'all.txt:1',
    );
    const W = (await readMatrixFile(at('out', 'named-W.csv'), { rowNames: true })) as {
      rowNames?: string[];
    };
    expect(W.rowNames).to.deep.equal(['a, b', 'c', 'd']);
    expect(listTree(dir)).to.include.members(['docword.sotu.txt', 'vocab.sotu.txt', 'lowrank.npy']);
    expect(listTree(at('out', 'lowrank'))).to.include('report.html');
  });
});
