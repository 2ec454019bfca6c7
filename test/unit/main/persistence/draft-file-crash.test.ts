// Kills a process that writes drafts at random moments, 200 times, and checks after each
// kill that the draft file still parses and holds the last finished draft or the one
// being written: never garbage, never nothing.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { draftSchema } from '../../../../main/domain/draft';

const KILLS = 200;

async function bundleWriter(directory: string): Promise<string> {
  const out = path.join(directory, 'draft-writer.mjs');
  const result = await build({ entryPoints: ['test/crash/draft-writer.ts'], bundle: true, platform: 'node', format: 'esm', write: false });
  writeFileSync(out, result.outputFiles[0]?.text ?? '');
  return out;
}

function runUntilKilled(writer: string, dataDir: string, delayMs: number): Promise<{ started: number; finished: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [writer, dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let started = 0;
    let finished = 0;
    let buffer = '';
    let timer: ReturnType<typeof setTimeout> | null = null;
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        const [word, n] = line.split(' ');
        if (word === 'writing') started = Number(n);
        if (word === 'wrote') finished = Number(n);
      }
      // Kill at a random moment once it is writing.
      timer ??= setTimeout(() => child.kill('SIGKILL'), delayMs);
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (_code, signal) => {
      if (timer) clearTimeout(timer);
      if (signal !== 'SIGKILL') reject(new Error(`writer exited by itself: ${stderr}`));
      else resolve({ started, finished });
    });
  });
}

describe('draft writes under SIGKILL', () => {
  it(`leave the previous or the new draft, ${KILLS} kills out of ${KILLS}`, { timeout: 180_000 }, async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'billing-desk-crash-'));
    const writer = await bundleWriter(mkdtempSync(path.join(os.tmpdir(), 'billing-desk-writer-')));
    let lastFinished = 0;
    for (let kill = 0; kill < KILLS; kill += 1) {
      const { started, finished } = await runUntilKilled(writer, dataDir, Math.floor(Math.random() * 15));
      const file = path.join(dataDir, 'draft.json');
      if (!existsSync(file)) {
        // Only before the very first draft was finished may there be none.
        expect(Math.max(finished, lastFinished)).toBe(0);
        continue;
      }
      const draft = draftSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
      const onDisk = Number(draft.values['billing.invoiceFootnote']);
      // Everything finished is there; at most the one cut short got further.
      expect(onDisk).toBeGreaterThanOrEqual(Math.max(finished, lastFinished));
      expect(onDisk).toBeLessThanOrEqual(Math.max(started, lastFinished));
      lastFinished = onDisk;
    }
    // Cut-short writes leave temporary files; the next start of the store removes them.
    const { draftFile } = await import('../../../../main/persistence/draft-file');
    draftFile(dataDir);
    expect(readdirSync(dataDir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});
