/** `nmflow rank`: the JSON document, rank.html and rank.csv, bad ranges. */
import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import { csv, planted } from '../rank/planted';
import { expectUserError, listTree, runCli, runJson, tempDir } from './run';

interface RankJson {
  ranks: number[];
  method: string;
  scores: Record<string, number[]>;
  spread: Record<string, number[]>;
  chosen: number;
  rule: string;
  choices: Record<string, { rank: number; rule: string }>;
  files: string[];
}

describe('cli: rank', function () {
  this.timeout(120000);
  const { dir, cleanup } = tempDir();
  const X = path.join(dir, 'planted3.csv');
  fs.writeFileSync(X, csv(planted(40, 30, 3, 0.3, 1)));
  after(cleanup);

  it('rank --json picks the planted rank and prints one document', () => {
    const r = runJson<RankJson>([
      'rank',
      '--input',
      X,
      '--ranks',
      '1:5',
      '--seeds',
      '3',
      '--max-iter',
      '100',
    ]);
    expect(r.ranks).to.deep.equal([1, 2, 3, 4, 5]);
    expect(r.method).to.equal('cv');
    expect(r.chosen).to.equal(3);
    expect(r.rule).to.match(/one-standard-error/);
    expect(Object.keys(r.scores)).to.deep.equal(['heldOutError', 'fitError']);
    expect(r.scores.heldOutError).to.have.length(5);
    expect(r.spread.heldOutError).to.have.length(5);
  });

  it('rank --method both --out writes rank.html (charts, consensus maps) and rank.csv', () => {
    const out = path.join(dir, 'out');
    const r = runJson<RankJson>([
      'rank',
      '--input',
      X,
      '--ranks',
      '2:4',
      '--method',
      'both',
      '--seeds',
      '2',
      '--max-iter',
      '40',
      '--out',
      out,
    ]);
    expect(listTree(out)).to.deep.equal(['rank.csv', 'rank.html']);
    expect(r.files.map((f) => path.basename(f))).to.deep.equal(['rank.csv', 'rank.html']);
    expect(Object.keys(r.choices)).to.deep.equal(['cv', 'consensus', 'stability']);
    const rows = fs.readFileSync(path.join(out, 'rank.csv'), 'utf8').trim().split('\n');
    expect(rows[0]).to.equal(
      'rank,heldOutError,heldOutErrorSpread,fitError,fitErrorSpread,cophenetic,dispersion,pac,stability,stabilitySpread',
    );
    expect(rows.slice(1).map((row) => Number(row.split(',')[0]))).to.deep.equal([2, 3, 4]);
    rows
      .slice(1)
      .forEach((row, i) => expect(Number(row.split(',')[1])).to.equal(r.scores.heldOutError[i]));
    const html = fs.readFileSync(path.join(out, 'rank.html'), 'utf8');
    expect(html).to.include(`Chosen k = ${r.chosen}`);
    expect(html.match(/<svg/g)).to.have.length(6);
    expect(html.match(/data:image\/png;base64/g)).to.have.length(3);
  });

  it('rejects a bad --ranks range with exit code 2, naming the option', () => {
    expectUserError(
      runCli(['rank', '--input', X, '--ranks', '5:2']),
      /option --ranks must be FROM:TO/,
    );
    expectUserError(
      runCli(['rank', '--input', X, '--ranks', '2:40']),
      /option --ranks must lie from 1 to 30/,
    );
  });
});
