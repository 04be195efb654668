/**
 * `xent inspect` through the built CLI: the column report `train` works from, without training; and on a file big
 * enough for the worker threads (over 16 MiB), the rows read and a bad cell's row and column as one thread gives them.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/data/csv.js';

const xent = (...args: string[]) => promisify(execFile)('node', ['bin/xent.js', ...args], { maxBuffer: 1 << 26 });
const dir = mkdtempSync(join(tmpdir(), 'xent-inspect-'));

describe('xent inspect', () => {
  it("prints train's column report as JSON, and trains nothing", async () => {
    const file = 'test/fixtures/real/penguins.csv';
    const inspected = JSON.parse((await xent('inspect', file, '--label', 'Species', '--json')).stdout);
    const trained = JSON.parse((await xent('train', file, '--label', 'Species', '--backend', 'cpu', '--epochs', '1', '--json')).stdout);
    expect(inspected.columns).toEqual(trained.columns);
    expect(inspected).toMatchObject({ rows: 344, classes: ['Adelie', 'Chinstrap', 'Gentoo'], storage: expect.stringContaining('float64') });
    expect(inspected.features).toEqual(trained.model.features);
  });

  it('refuses training flags', async () => {
    await expect(xent('inspect', 'builtin:iris', '--lr', '0.1')).rejects.toMatchObject({ code: 2 });
  });

  it('reads a 20 MB table on worker threads as parseCsv reads it, and names a bad cell deep in it', async () => {
    const rows = 200_000;
    const lines = ['a,b,c,d,e,label'];
    for (let r = 0; r < rows; r++) {
      lines.push(
        `${(r % 977) / 9.77},${(r * 7919) % 1000},${r % 13 === 0 ? 'NA' : r / 1e5},-${r % 7}.25,${(r % 101) * 1e-3},${r % 3 ? 'no' : 'yes'}`,
      );
    }
    const text = `${lines.join('\n')}\n`;
    const good = join(dir, 'good.csv');
    writeFileSync(good, text);
    const inspected = JSON.parse((await xent('inspect', good, '--label', 'label', '--json')).stdout);
    const reference = parseCsv(text, { file: good, label: 'label' });
    expect(inspected).toMatchObject({ rows, features: reference.features, columns: reference.columns });
    const bad = join(dir, 'bad.csv');
    const at = rows - 1234;
    writeFileSync(bad, text.replace(`\n${lines[at]}\n`, `\n${(lines[at] as string).replace(/^[^,]*/, 'oops')}\n`));
    const error = await xent('inspect', bad, '--label', 'label').catch((e: { stderr: string }) => e.stderr);
    expect(error).toContain(`bad.csv, row ${at + 1}, column "a": "oops" is not a number`);
  });
});
