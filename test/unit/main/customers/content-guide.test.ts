// A list's estimate from its guide: learnt only where both were seen whole, trusted only
// after enough was seen, and silent while the guide has not loaded a range.
import { describe, expect, it } from 'vitest';
import { GuidedCount, countBetween, type ContentGuide } from '../../../../main/customers/content-guide';
import type { Slice } from '../../../../main/customers/time-slices';

/** A guide with one object per second over [0, 10,000), loaded down to `loadedFrom`. */
function guide(loadedFrom = 0): ContentGuide & { loadedFrom: number } {
  const g = {
    loadedFrom,
    countIn: (gte: number, lt: number) => (gte < g.loadedFrom ? null : Math.max(0, Math.min(lt, 10_000) - gte)),
  };
  return g;
}

const slice = (gte: number, lt: number | null, after: { id: string; created: number } | null = null): Slice => ({
  gte,
  lt,
  after,
  openEnded: false,
  density: null,
  leaps: 0,
});
const objects = (from: number, to: number, every: number) => Array.from({ length: Math.floor((from - to) / every) + 1 }, (_, i) => ({ created: from - i * every }));

describe('GuidedCount', () => {
  it('learns how many of ours per guide object over the stretch a page saw whole, then estimates ranges', () => {
    const counted = new GuidedCount(guide());
    expect(counted.estimate(slice(0, 5_000))).toBeNull(); // nothing seen yet
    // A full page (more to come): 100 objects, one every 2 s from 9,999 down to 9,801; whole above 9,801.
    counted.learn(slice(0, 10_000), objects(9_999, 9_801, 2), true);
    const estimate = counted.estimate(slice(0, 5_000, { id: 'si_1', created: 4_999 }));
    expect(estimate?.total).toBeCloseTo(2_500, 0); // 99 over 198 guide objects: half as many
    expect(estimate?.estimate(1_000, 2_000)).toBeCloseTo(500, 0);
  });

  it('counts a last page down to the slice’s floor, and trusts nothing below the sample size', () => {
    const counted = new GuidedCount(guide());
    counted.learn(slice(9_990, 10_000), objects(9_999, 9_990, 1), false); // 10 over 10 guide objects
    expect(counted.estimate(slice(0, 5_000))).toBeNull(); // under MIN_GUIDE_SAMPLE
    counted.learn(slice(9_000, 9_990), objects(9_989, 9_000, 1), false);
    expect(counted.estimate(slice(0, 5_000))?.total).toBeCloseTo(5_000, 0);
  });

  it('says nothing about a range the guide has not loaded, and learns nothing from it', () => {
    const g = guide(8_000);
    const counted = new GuidedCount(g);
    counted.learn(slice(0, 7_000), objects(6_999, 6_000, 1), false);
    expect(counted.estimate(slice(8_500, 9_000))).toBeNull(); // nothing learnt
    counted.learn(slice(9_000, 10_000), objects(9_999, 9_000, 1), false);
    expect(counted.estimate(slice(8_500, 9_000))?.total).toBe(500);
    expect(counted.estimate(slice(7_000, 9_000))).toBeNull();
    g.loadedFrom = 0;
    expect(counted.estimate(slice(7_000, 9_000))?.total).toBe(2_000);
  });
});

describe('countBetween', () => {
  it('counts the values in [gte, lt) of an ascending array', () => {
    const sorted = [1, 2, 2, 2, 5, 9];
    expect(countBetween(sorted, 2, 3)).toBe(3);
    expect(countBetween(sorted, 0, 100)).toBe(6);
    expect(countBetween(sorted, 3, 5)).toBe(0);
    expect(countBetween(sorted, 5, 10)).toBe(2);
    expect(countBetween([], 0, 1)).toBe(0);
  });
});
