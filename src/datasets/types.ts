/**
 * The shapes every data set and file reader returns. Rows are samples (images, documents),
 * columns are features (pixels, terms), as in scikit-learn and DESIGN.md §2.
 */
import type { CsrMatrix } from '../linalg/csr';
import type { ShapedArray } from '../linalg/matrix';

/** A dense row-major float32 matrix: entry (i, j) is `data[i * shape[1] + j]`. */
export type DenseMatrix = ShapedArray<Float32Array>;

/** What loaders and readers produce: dense or compressed sparse row. */
export type DataMatrix = DenseMatrix | CsrMatrix;

/** A loaded data set: `X` is `shape[0] × shape[1]`, rows are images / documents. */
export interface Dataset {
  name: string;
  kind: 'image' | 'text' | 'synthetic';
  X: DataMatrix;
  shape: [number, number];
  /** `[height, width]` of each image (image sets); a row is the image in row-major order. */
  imageShape?: [number, number];
  /** Column names (text sets): `vocabulary[j]` is the term of column j. */
  vocabulary?: string[];
  /** One label per row where the source has them. */
  labels?: (number | string)[];
  rowNames?: string[];
  /** Source and how the matrix was built, one paragraph. */
  provenance: string;
  /** Data-set specific extras, e.g. Swimmer's ground-truth parts or synthetic factors. */
  extras?: Record<string, unknown>;
}

/** One line of `listDatasets()`. */
export interface DatasetInfo {
  name: string;
  kind: Dataset['kind'];
  description: string;
  /** Documented shape, e.g. "10000 × 784". */
  shape: string;
}
