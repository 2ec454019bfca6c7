// Runs every benchmark under test/bench/ (each *.ts directly in that folder) with
// --quick, one after another, and fails when any of them fails or hangs. A new
// benchmark is picked up by being there; helpers live in test/bench/support/.
// `npm run bench:quick`, part of `npm test`.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { QUICK_FLAG } from './bench-options';

const benchDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const root = path.resolve(benchDir, '../..');
/** A quick run takes seconds; one still running after this has hung. */
const TIMEOUT_MS = 5 * 60_000;

export function discoverBenchmarks(directory = benchDir): string[] {
  return readdirSync(directory, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts'))
    .map((entry) => path.join(directory, entry.name))
    .sort();
}

export interface BenchResult {
  file: string;
  ok: boolean;
  seconds: number;
  /** Why it failed: exit code, signal or time-out. */
  why: string;
}

function runQuick(file: string, timeoutMs: number): Promise<{ code: number | null; signal: string | null; timedOut: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', file, QUICK_FLAG], { cwd: root, stdio: 'inherit' });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, timedOut });
    });
  });
}

/** Runs each file with --quick, one at a time (the machine has few cores). */
export async function runBenchmarks(files: readonly string[], timeoutMs = TIMEOUT_MS): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  for (const file of files) {
    console.log(`\n▶ ${path.relative(root, file)} ${QUICK_FLAG}`);
    const started = performance.now();
    const { code, signal, timedOut } = await runQuick(file, timeoutMs);
    const seconds = (performance.now() - started) / 1000;
    const why = timedOut ? `still running after ${timeoutMs / 1000} s` : signal ? `killed by ${signal}` : `exit code ${code}`;
    results.push({ file, ok: code === 0 && !timedOut, seconds, why });
  }
  return results;
}

async function main(): Promise<void> {
  const files = discoverBenchmarks();
  if (files.length === 0) throw new Error(`No benchmarks found in ${benchDir}`);
  const results = await runBenchmarks(files);
  console.log('\nquick benchmarks:');
  for (const r of results) {
    const name = path.relative(root, r.file);
    console.log(`  ${r.ok ? 'ok    ' : 'FAILED'} ${name.padEnd(36)} ${r.seconds.toFixed(1).padStart(6)} s${r.ok ? '' : `  (${r.why})`}`);
  }
  const failed = results.filter((r) => !r.ok);
  if (failed.length > 0) {
    console.error(`\n${failed.length} of ${results.length} benchmarks failed.`);
    process.exitCode = 1;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
