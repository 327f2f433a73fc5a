/** Pictures and pages: line charts (SVG), basis-image grids (PNG), topics, HTML reports. */
export { lineChart } from './line-chart';
export type { ChartSeries, ChartOptions } from './line-chart';
export { imageGrid } from './image-grid';
export type { ImageGridOptions } from './image-grid';
export { topWords, topicsText, withTopDocuments } from './topics';
export { componentSummaries, componentsText, heatmapSvg } from './components';
export type { ComponentSummary, Values, Weighted } from './components';
export type { Topic } from './topics';
export { renderHtml, keyValueTable } from './html';
export type { ReportPage, ReportSection, ReportBlock, Cell } from './html';
export { factorizationPage, comparisonPage, lossCharts } from './pages';
export type {
  LossCurve,
  FactorizationPageInput,
  ComparisonPageInput,
  ComponentTables,
} from './pages';
