/**
 * Self-contained HTML pages: one file with inline CSS, inline SVG charts and PNG images
 * inlined as data: URIs; no scripts and no external references, so a report can be mailed or
 * archived as it is. A page is a list of sections, each a list of blocks.
 */
import { formatNumber, escapeXml } from './svg';
import type { Topic } from './topics';

/** One table cell: numbers are formatted, `null`/`undefined` shown empty. */
export type Cell = string | number | boolean | null | undefined;

/** One block of a report section: a table, an inline SVG, PNG images, topics, or a paragraph. */
export type ReportBlock =
  | { kind: 'table'; columns: string[]; rows: Cell[][] }
  | { kind: 'svg'; svg: string }
  | { kind: 'images'; items: { caption: string; png: Buffer }[] }
  | { kind: 'topics'; topics: Topic[] }
  | { kind: 'text'; text: string };

/** A section of a report page: a heading and its blocks, in order. */
export interface ReportSection {
  heading: string;
  blocks: ReportBlock[];
}

/** A whole report page for `renderHtml`: a title, an optional subtitle, and its sections. */
export interface ReportPage {
  title: string;
  /** One line under the title (e.g. the command that produced the page). */
  subtitle?: string;
  sections: ReportSection[];
}

const STYLE = `
body { font-family: sans-serif; margin: 2em auto; max-width: 1100px; color: #222; padding: 0 1em; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; }
.subtitle { color: #666; font-family: monospace; margin-top: 0; }
h2 { font-size: 1.25em; border-bottom: 1px solid #ddd; padding-bottom: 0.2em; margin-top: 1.6em; }
table { border-collapse: collapse; margin: 0.6em 0; }
th, td { border: 1px solid #ddd; padding: 0.25em 0.7em; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
th { background: #f4f4f4; }
figure { display: inline-block; margin: 0.5em 1em 0.5em 0; vertical-align: top; }
figcaption { color: #555; font-size: 0.9em; }
img { image-rendering: pixelated; max-width: 100%; }
svg { max-width: 100%; height: auto; }
ol.topics li { margin: 0.25em 0; }
.weight { color: #888; font-size: 0.85em; }
.docs { color: #444; font-size: 0.9em; }
`;

/** Renders the page as one HTML document. */
export function renderHtml(page: ReportPage): string {
  const body = page.sections
    .map(
      (s) =>
        `<section>\n<h2>${escapeXml(s.heading)}</h2>\n${s.blocks.map(block).join('\n')}\n</section>`,
    )
    .join('\n');
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeXml(page.title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    `<h1>${escapeXml(page.title)}</h1>`,
    page.subtitle ? `<p class="subtitle">${escapeXml(page.subtitle)}</p>` : '',
    body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** A two-column table of names and values (settings, backend facts, …). */
export function keyValueTable(record: Record<string, Cell>): ReportBlock {
  return {
    kind: 'table',
    columns: ['setting', 'value'],
    rows: Object.entries(record).filter(([, v]) => v !== undefined),
  };
}

function block(b: ReportBlock): string {
  switch (b.kind) {
    case 'table':
      return table(b.columns, b.rows);
    case 'svg':
      return `<figure>${b.svg}</figure>`;
    case 'images':
      return b.items
        .map(
          (it) =>
            `<figure><img alt="${escapeXml(it.caption)}" ` +
            `src="data:image/png;base64,${it.png.toString('base64')}">` +
            `<figcaption>${escapeXml(it.caption)}</figcaption></figure>`,
        )
        .join('\n');
    case 'topics':
      return (
        '<ol class="topics" start="0">\n' +
        b.topics
          .map(
            (t) =>
              `<li value="${t.component}">` +
              t.words
                .map(
                  (w) =>
                    `${escapeXml(w.word)} <span class="weight">${formatNumber(w.weight)}</span>`,
                )
                .join(', ') +
              (t.documents?.length
                ? '<br><span class="docs">documents: ' +
                  t.documents
                    .map(
                      (d) =>
                        `${escapeXml(d.name)} <span class="weight">${formatNumber(d.weight)}</span>`,
                    )
                    .join(', ') +
                  '</span>'
                : '') +
              '</li>',
          )
          .join('\n') +
        '\n</ol>'
      );
    case 'text':
      return `<p>${escapeXml(b.text)}</p>`;
  }
}

function table(columns: string[], rows: Cell[][]): string {
  const head = `<tr>${columns.map((c) => `<th>${escapeXml(c)}</th>`).join('')}</tr>`;
  const body = rows
    .map(
      (r) =>
        '<tr>' +
        r
          .map((v) =>
            typeof v === 'number'
              ? `<td class="num">${formatNumber(v)}</td>`
              : `<td>${escapeXml(v === null || v === undefined ? '' : String(v))}</td>`,
          )
          .join('') +
        '</tr>',
    )
    .join('\n');
  return `<table>\n<thead>${head}</thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}
