// What every benchmark under test/bench/ understands on its command line.
// `--quick`: small sizes and one run, so that `npm test` (through `npm run bench:quick`)
// runs every benchmark and a broken one fails the build. Without it: the full run.

export const QUICK_FLAG = '--quick';

export function isQuick(argv: readonly string[] = process.argv): boolean {
  return argv.includes(QUICK_FLAG);
}

/** Picks the quick or the full value of a size, a count or a limit. */
export function sized<T>(full: T, quick: T): T {
  return isQuick() ? quick : full;
}

/**
 * Stops a benchmark whose own checks failed (wrong result, nothing measured): its figures
 * would mean nothing, and a quick run in `npm test` must fail.
 */
export function benchCheck(condition: unknown, what: string): asserts condition {
  if (!condition) throw new Error(`benchmark check failed: ${what}`);
}
