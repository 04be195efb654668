/** The python3 the reference scripts run with: the first that has pandas and scikit-learn (Debian's /usr/bin first). */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export async function pythonWithSklearn(): Promise<string | null> {
  for (const exe of ['/usr/bin/python3', 'python3']) {
    const ok = await run(exe, ['-c', 'import pandas, sklearn']).then(
      () => true,
      () => false,
    );
    if (ok) return exe;
  }
  return null;
}
