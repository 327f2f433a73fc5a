/**
 * Every public export of the library's entry points (src/index.ts, src/node.ts) carries a doc
 * comment: the API reference (`npm run docs`) is generated from them. Read with the
 * TypeScript compiler API from the sources, so a new undocumented export fails here.
 */
import { expect } from 'chai';
import { join } from 'node:path';
import * as ts from 'typescript';

const ROOT = join(__dirname, '..', '..');
const ENTRIES = ['src/index.ts', 'src/node.ts'];

/** Names of `entry`'s exports whose declarations have no doc comment. */
export function undocumentedExports(program: ts.Program, entry: string): string[] {
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(join(ROOT, entry));
  if (!source) throw new Error(`${entry} is not in the program`);
  const moduleSymbol = checker.getSymbolAtLocation(source);
  if (!moduleSymbol) throw new Error(`${entry} has no module symbol`);
  const missing: string[] = [];
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    const symbol =
      exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const documented =
      symbol.getDocumentationComment(checker).some((part) => part.text.trim() !== '') ||
      (symbol.declarations ?? []).some((d) => ts.getJSDocCommentsAndTags(d).length > 0);
    if (!documented) missing.push(exported.getName());
  }
  return missing.sort();
}

describe('public API doc comments', function () {
  this.timeout(120000);
  let program: ts.Program;

  before(() => {
    program = ts.createProgram(
      ENTRIES.map((e) => join(ROOT, e)),
      {
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        esModuleInterop: true,
        resolveJsonModule: true,
      },
    );
  });

  for (const entry of ENTRIES) {
    it(`every export of ${entry} has a doc comment`, () => {
      expect(undocumentedExports(program, entry)).to.deep.equal([]);
    });
  }

  it('detects an undocumented export', () => {
    const file = join(ROOT, 'src', '__doc_probe__.ts');
    const host = ts.createCompilerHost({ noEmit: true });
    const read = host.readFile.bind(host);
    host.readFile = (f) =>
      f === file ? '/** Documented. */\nexport const a = 1;\nexport const b = 2;\n' : read(f);
    const exists = host.fileExists.bind(host);
    host.fileExists = (f) => f === file || exists(f);
    const probe = ts.createProgram([file], { noEmit: true }, host);
    expect(undocumentedExports(probe, 'src/__doc_probe__.ts')).to.deep.equal(['b']);
  });
});
