/**
 * Plain-text documents as a tf-idf data set, vectorized in the page by nmflow's vectorizer
 * (English stop words, l2-normalized rows; rows are documents, columns terms). Several files
 * are one document each; a single file is split into paragraphs (blank lines), or into lines
 * where it has fewer than two paragraphs.
 */
import { vectorize, type Dataset } from '../../src/browser';

/** Splits one file's text into documents. */
export function splitDocuments(text: string): string[] {
  const paragraphs = text.split(/\r?\n\s*\r?\n/).filter((p) => p.trim() !== '');
  return paragraphs.length >= 2 ? paragraphs : text.split(/\r?\n/).filter((l) => l.trim() !== '');
}

/** The first few of `names`, and how many more. */
function listed(names: string[]): string {
  return names.length <= 3
    ? names.join(', ')
    : `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`;
}

/** The documents `texts` (one per file; `names` for the provenance) as a tf-idf data set. */
export function loadDocuments(texts: string[], names: string[]): Dataset {
  const docs = texts.length === 1 ? splitDocuments(texts[0]) : texts;
  if (docs.length < 2) throw new Error(`${listed(names)}: need at least two documents`);
  const v = vectorize(docs);
  if (v.vocabulary.length < 2) throw new Error(`${listed(names)}: fewer than two terms`);
  return {
    name: `${docs.length} documents`,
    kind: 'text',
    X: v.X,
    shape: v.X.shape,
    vocabulary: v.vocabulary,
    provenance: `your text (${listed(names)}): ${docs.length} documents, ${v.vocabulary.length} terms, tf-idf`,
  };
}
