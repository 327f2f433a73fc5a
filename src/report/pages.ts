/**
 * The two pages the CLI writes: `report.html` for one factorization and `compare.html` for
 * several methods on the same data. Inputs are plain values (no tensors), so any caller can
 * build them.
 */
import { keyValueTable, renderHtml, type Cell, type ReportBlock, type ReportSection } from './html';
import { lineChart } from './line-chart';
import type { Topic } from './topics';
import { heatmapSvg, type ComponentSummary, type Values } from './components';

/** The check points of one run: iteration, seconds and loss (equal lengths). */
export interface LossCurve {
  name: string;
  iteration: number[];
  seconds: number[];
  loss: number[];
}

/** Loss against iteration and against seconds, log-scaled loss axis: two SVG charts. */
export function lossCharts(curves: LossCurve[], lossLabel = 'loss'): ReportBlock[] {
  const chart = (x: 'iteration' | 'seconds', xLabel: string) =>
    lineChart(
      curves.map((c) => ({ name: c.name, x: c[x], y: c.loss })),
      { title: `${lossLabel} against ${x}`, xLabel, yLabel: lossLabel, logY: true },
    );
  return [
    { kind: 'svg', svg: chart('iteration', 'iteration') },
    { kind: 'svg', svg: chart('seconds', 'seconds') },
  ];
}

/** What `factorizationPage` shows: settings, metrics, the loss curve, and components or topics. */
export interface FactorizationPageInput extends ComponentTables {
  title: string;
  /** The command line that produced the page. */
  command?: string;
  settings: Record<string, Cell>;
  metrics: Record<string, Cell>;
  curve: LossCurve;
  /** Basis images (image data), as a PNG grid. */
  componentsPng?: Buffer;
  /** Top words per component (text data). */
  topics?: Topic[];
}

/** One factorization: settings, metrics, loss curves, then components or topics. */
export function factorizationPage(p: FactorizationPageInput): string {
  const sections: ReportSection[] = [
    { heading: 'Settings', blocks: [keyValueTable(p.settings)] },
    {
      heading: 'Metrics',
      blocks: [{ kind: 'table', columns: ['metric', 'value'], rows: Object.entries(p.metrics) }],
    },
    { heading: 'Loss curves', blocks: lossCharts([p.curve]) },
  ];
  if (p.componentsPng) {
    sections.push({
      heading: 'Components (rows of H)',
      blocks: [
        {
          kind: 'images',
          items: [{ caption: 'components, each scaled to its own maximum', png: p.componentsPng }],
        },
      ],
    });
  }
  if (p.topics)
    sections.push({
      heading: 'Topics (top words of each row of H)',
      blocks: [{ kind: 'topics', topics: p.topics }],
    });
  sections.push(...componentSections(p));
  return renderHtml({ title: p.title, subtitle: p.command, sections });
}

/** Per component its top features and rows, and a heat map of H (`k × nFeatures`). */
export interface ComponentTables {
  /** Per component its top features and top rows (any data). */
  components?: ComponentSummary[];
  /** H (`k × nFeatures`) for a heat map, with its column names when known. */
  heatmap?: { H: Values; columnNames?: readonly string[] };
}

/** The sections of `ComponentTables`, their headings prefixed with `prefix` (e.g. a method). */
function componentSections(p: ComponentTables, prefix = ''): ReportSection[] {
  const sections: ReportSection[] = [];
  if (p.components) {
    const list = (xs: { name: string; weight: number }[]) =>
      xs.map((x) => `${x.name} (${Number(x.weight.toPrecision(3))})`).join(', ');
    sections.push({
      heading: `${prefix}Top features and rows of each component`,
      blocks: [
        {
          kind: 'table',
          columns: ['component', 'top features (row of H)', 'top rows (column of W)'],
          rows: p.components.map((c) => [c.component, list(c.features), list(c.rows)]),
        },
      ],
    });
  }
  if (p.heatmap) {
    const { svg, shown } = heatmapSvg(p.heatmap.H, p.heatmap.columnNames);
    const m = p.heatmap.H.shape[1];
    sections.push({
      heading: `${prefix}Heat map of H (rows: components, each scaled to its maximum)`,
      blocks: [
        { kind: 'svg', svg },
        ...(shown < m
          ? [
              {
                kind: 'text' as const,
                text: `${shown} of ${m} columns shown: those with the largest weights.`,
              },
            ]
          : []),
      ],
    });
  }
  return sections;
}

/** What `comparisonPage` shows: settings, metrics per method, loss curves, components or topics. */
export interface ComparisonPageInput {
  title: string;
  command?: string;
  settings: Record<string, Cell>;
  /** The metrics table: one row per method. */
  table: { columns: string[]; rows: Cell[][] };
  /** One curve per method (first seed). */
  curves: LossCurve[];
  /**
   * Per method (first seed): its components as a PNG grid, or its topics, and for any data
   * its components' top features and rows and a heat map of H.
   */
  methods: ({ name: string; componentsPng?: Buffer; topics?: Topic[] } & ComponentTables)[];
}

/** Several methods on the same data: metrics, loss curves together, components side by side. */
export function comparisonPage(p: ComparisonPageInput): string {
  const images = p.methods.filter((m) => m.componentsPng);
  const topics = p.methods.filter((m) => m.topics);
  const sections: ReportSection[] = [
    { heading: 'Settings', blocks: [keyValueTable(p.settings)] },
    { heading: 'Metrics', blocks: [{ kind: 'table', ...p.table }] },
    { heading: 'Loss curves', blocks: lossCharts(p.curves) },
  ];
  if (images.length) {
    sections.push({
      heading: 'Components by method',
      blocks: [
        { kind: 'images', items: images.map((m) => ({ caption: m.name, png: m.componentsPng! })) },
      ],
    });
  }
  for (const m of topics)
    sections.push({
      heading: `Topics: ${m.name}`,
      blocks: [{ kind: 'topics', topics: m.topics! }],
    });
  for (const m of p.methods) sections.push(...componentSections(m, `${m.name}: `));
  return renderHtml({ title: p.title, subtitle: p.command, sections });
}
