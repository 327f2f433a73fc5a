/**
 * Progress of long runs on stderr: a bar with iteration, loss and time when stderr is a
 * terminal, otherwise plain lines (one a second once a run has lasted a second, plus the
 * last one). Silent under --quiet.
 */
import { SingleBar } from 'cli-progress';
import { formatNumber } from '../report/svg';

export interface Progress {
  /** Reports a check point. */
  update(iteration: number, loss: number, seconds: number): void;
  /** Ends the bar / writes the final line. */
  stop(): void;
}

export function createProgress(label: string, total: number, quiet: boolean): Progress {
  if (quiet) return { update: () => undefined, stop: () => undefined };
  if (process.stderr.isTTY) return barProgress(label, total);
  let lastPrinted = 0; // quick runs print nothing
  let printed = false;
  let pending: string | undefined;
  return {
    update(iteration, loss, seconds) {
      pending = `${label}: iteration ${iteration}/${total}, loss ${formatNumber(loss)}, ${seconds.toFixed(1)} s`;
      if (seconds - lastPrinted >= 1) {
        process.stderr.write(pending + '\n');
        lastPrinted = seconds;
        printed = true;
        pending = undefined;
      }
    },
    stop() {
      if (pending && printed) process.stderr.write(pending + '\n');
    },
  };
}

function barProgress(label: string, total: number): Progress {
  const bar = new SingleBar({
    format: `${label} [{bar}] {value}/{total} | loss {loss} | {seconds} s`,
    stream: process.stderr,
    hideCursor: true,
    clearOnComplete: false,
    fps: 10,
  });
  bar.start(total, 0, { loss: '-', seconds: '0.0' });
  return {
    update(iteration, loss, seconds) {
      bar.update(Math.min(iteration, total), {
        loss: formatNumber(loss),
        seconds: seconds.toFixed(1),
      });
    },
    stop() {
      bar.stop();
    },
  };
}
