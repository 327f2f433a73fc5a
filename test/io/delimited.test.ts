/**
 * Delimited text beyond plain CSV/TSV: quoted fields, detected delimiters, row names, missing
 * values, and the note when an 'auto' header also holds numbers.
 */
import { expect } from 'chai';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readMatrixFile, type MatrixNames } from '../../src/io';
import { detectDelimiter, splitFields } from '../../src/io/delimited';

describe('io: delimited text (quotes, delimiters, names, missing values, header notes)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nmflow-delim-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, text);
    return p;
  };
  const read = async (p: string, o: Parameters<typeof readMatrixFile>[1] = {}) =>
    (await readMatrixFile(p, o)) as { data: Float32Array; shape: number[] } & MatrixNames;

  it('splits quoted fields as RFC 4180 says', () => {
    expect(splitFields('"a, b",1, 2', ',')).to.deep.equal(['a, b', '1', '2']);
    expect(splitFields('"say ""hi""";3', ';')).to.deep.equal(['say "hi"', '3']);
    expect(splitFields('  1   2\t3 ', 'whitespace')).to.deep.equal(['1', '2', '3']);
    expect(detectDelimiter('1\t2,3')).to.equal('\t');
    expect(detectDelimiter('1;2')).to.equal(';');
    expect(detectDelimiter('1 2')).to.equal('whitespace');
    expect(detectDelimiter('1;2', 'csv-auto')).to.equal(';');
    expect(detectDelimiter('1;2,3', 'csv-auto')).to.equal(',');
  });

  it('reads row names, the header, semicolons and white space', async () => {
    const m = await read(file('n.csv', 'id;x;y\n"r, 1";1;2\nr2;3;4\n'), { rowNames: true });
    expect(m.shape).to.deep.equal([2, 2]);
    expect(Array.from(m.data)).to.deep.equal([1, 2, 3, 4]);
    expect(m.rowNames).to.deep.equal(['r, 1', 'r2']);
    expect(m.columnNames).to.deep.equal(['x', 'y']);
    const t = await read(file('w.txt', '1 2 3\n4  5\t6\n'));
    expect(t.shape).to.deep.equal([2, 3]);
    const p = await read(file('p.csv', '1|2\n3|4\n'), { delimiter: '|' });
    expect(Array.from(p.data)).to.deep.equal([1, 2, 3, 4]);
  });

  it("'auto' takes a first line with text and numbers as a header, and says so", async () => {
    const notes: string[] = [];
    const p = file('h.csv', '1.0,abc,2\n4,5,6\n');
    const m = await read(p, { onNote: (n) => notes.push(n) });
    expect(m.shape).to.deep.equal([1, 3]);
    expect(notes).to.have.length(1);
    expect(notes[0]).to.contain(`${p}:1: taken as a header`);
    expect(notes[0]).to.contain('fields 1 (1.0), 3 (2) are numbers');
    const quiet: string[] = [];
    await read(file('q.csv', 'a,b\n1,2\n'), { onNote: (n) => quiet.push(n) });
    expect(quiet).to.deep.equal([]);
    expect((await read(file('d.csv', '1,2\n3,4\n'), { header: true })).shape).to.deep.equal([1, 2]);
  });

  it('reads empty fields and NaN as missing only when asked, naming the line otherwise', async () => {
    const p = file('m.csv', '1,,3\nNaN,5,6\n');
    const m = await read(p, { missing: true });
    expect(m.shape).to.deep.equal([2, 3]);
    expect(Number.isNaN(m.data[1])).to.equal(true);
    expect(Number.isNaN(m.data[3])).to.equal(true);
    let message = '';
    await read(p).catch((e: Error) => (message = e.message));
    expect(message).to.contain(`${p}:1: field 2 is not a number: ""`);
    expect(message).to.contain('--nan-as-missing');
  });

  it('names the options that apply to delimited text only', async () => {
    const mm = file('a.mtx', '%%MatrixMarket matrix coordinate real general\n1 1 1\n1 1 2\n');
    let message = '';
    await read(mm, { rowNames: true }).catch((e: Error) => (message = e.message));
    expect(message).to.contain('option rowNames applies to delimited text');
    await read(file('b.csv', '1\n'), { delimiter: 'ab' }).catch(
      (e: Error) => (message = e.message),
    );
    expect(message).to.contain('option delimiter must be one character');
  });
});
