/**
 * The commands of README.md's `sh` blocks (readme.test.ts runs them; the sections another test
 * runs are left out here and read by that test itself).
 */

/**
 * Sections whose commands another test runs as written (they need files a test makes first):
 * "Your own data" in readme-own-data.test.ts, "Data larger than memory" in online.test.ts,
 * "Workers on several machines (Redis)" in test/distributed/readme-workers.test.ts (it needs a
 * Redis server), "The GPU: `--backend webgpu`" in test/webgpu-backend.test.ts (it needs a WebGPU
 * adapter).
 */
const RUN_ELSEWHERE = [
  'Your own data',
  'Data larger than memory',
  'Workers on several machines (Redis)',
  'The GPU: `--backend webgpu`',
];

/**
 * The commands of README.md's sh blocks, one per line, comments and prompts removed, except in
 * the sections of RUN_ELSEWHERE.
 */
export function readmeCommands(markdown: string): string[] {
  const commands: string[] = [];
  let inSh = false;
  let skipped = false;
  for (const raw of markdown.split('\n')) {
    const heading = /^## (.*)$/.exec(raw);
    if (heading && !inSh) skipped = RUN_ELSEWHERE.includes(heading[1].trim());
    if (skipped) continue;
    if (/^```/.test(raw)) {
      inSh = !inSh && /^```sh\s*$/.test(raw);
      continue;
    }
    if (!inSh) continue;
    const line = raw.replace(/\s+#.*$/, '').trim();
    if (line !== '') commands.push(line);
  }
  return commands;
}

/** The nmflow arguments a README line runs, or undefined for a line that runs no nmflow. */
export function nmflowArgs(line: string): string[] | undefined {
  const part = line.split('&&').map((s) => s.trim());
  const last = part[part.length - 1];
  const words = last.split(/\s+/);
  if (words[0] === 'npx' && words[1] === 'nmflow') return words.slice(2);
  if (words[0] === 'nmflow') return words.slice(1);
  if (words.slice(0, 4).join(' ') === 'npm run experiment --') {
    return ['experiment', ...words.slice(4)];
  }
  return undefined;
}
