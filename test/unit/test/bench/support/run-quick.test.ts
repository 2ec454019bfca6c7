import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverBenchmarks, runBenchmarks } from '../../../../bench/support/run-quick';

function benchFolder(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-runner-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

describe('the quick benchmark runner', () => {
  it('finds every benchmark in test/bench/ by itself, not its helpers', () => {
    const names = discoverBenchmarks().map((file) => path.relative(process.cwd(), file));
    expect(names).toContain(path.join('test', 'bench', 'startup.ts'));
    expect(names.every((name) => path.dirname(name) === path.join('test', 'bench'))).toBe(true);
  });

  it('passes --quick to each benchmark and fails a failing one', async () => {
    const dir = benchFolder({
      'a-passes.ts': "if (!process.argv.includes('--quick')) process.exit(3);\nconsole.log('figure: 1 ms');\n",
      'b-throws.ts': "throw new Error('a benchmark check failed');\n",
      'helper.d.ts': 'export {};\n',
    });
    const files = discoverBenchmarks(dir);
    expect(files.map((file) => path.basename(file))).toEqual(['a-passes.ts', 'b-throws.ts']);
    const results = await runBenchmarks(files);
    expect(results.map((r) => [path.basename(r.file), r.ok, r.why])).toEqual([
      ['a-passes.ts', true, 'exit code 0'],
      ['b-throws.ts', false, 'exit code 1'],
    ]);
  }, 60_000);

  it('fails a benchmark that hangs', async () => {
    const dir = benchFolder({ 'hangs.ts': 'setInterval(() => {}, 1000);\n' });
    const [result] = await runBenchmarks(discoverBenchmarks(dir), 2000);
    expect(result?.ok).toBe(false);
    expect(result?.why).toBe('still running after 2 s');
  }, 30_000);
});
