// The slicing behind the customer loader, against a model of Stripe's list (newest first,
// `created` filters, starting_after), with random cuts at random moments: whatever is cut
// where, every customer is listed exactly once.
import { describe, expect, it } from 'vitest';
import {
  expectedIn,
  leapRemainder,
  pageDensity,
  remainderAfter,
  splitByEstimate,
  splitRemainder,
  withoutCursor,
  type Slice,
} from '../../../../main/customers/time-slices';
import { seededRandom } from '../../../support/seeded-random';

interface Item {
  id: string;
  created: number;
  seq: number;
}

const random = seededRandom;

/** Stripe's order: newest `created` first, then the later creation first. */
const newestFirst = (a: Item, b: Item) => b.created - a.created || b.seq - a.seq;

/** Stripe's list as the loader uses it: limit 100, created[gte]/[lt], starting_after. */
function list(items: readonly Item[], slice: Slice): { data: Item[]; has_more: boolean } | 'missing cursor' {
  let cursor: Item | undefined;
  if (slice.after) {
    cursor = items.find((item) => item.id === slice.after?.id);
    if (!cursor) return 'missing cursor';
  }
  const matching = items
    .filter(
      (item) =>
        item.created >= slice.gte &&
        (slice.lt === null || item.created < slice.lt) &&
        (!cursor || newestFirst(cursor, item) < 0),
    )
    .sort(newestFirst);
  return { data: matching.slice(0, 100), has_more: matching.length > 100 };
}

/** Customers over ten years, half of them in bulk-created seconds, a few at the very start of time. */
function dataset(next: () => number, count: number): Item[] {
  const items: Item[] = [];
  let seq = 0;
  const add = (created: number) => items.push({ id: `cus_${(seq += 1)}`, created, seq });
  const start = 1_450_000_000;
  const span = 10 * 365 * 86_400;
  const clusters = Array.from({ length: 12 }, () => start + Math.floor(next() * span));
  while (items.length < count) {
    const roll = next();
    if (roll < 0.5) add(clusters[Math.floor(next() * clusters.length)] ?? start);
    else if (roll < 0.51) add(Math.floor(next() * 3)); // 1970
    else add(start + Math.floor(span * Math.sqrt(next())));
  }
  add(start + span); // the newest second, twice
  add(start + span);
  return items;
}

interface Run {
  seen: Map<string, number>;
  requests: number;
}

/** Pages through everything like the loader, cutting at random: leaps, splits, or none. */
function load(items: Item[], next: () => number, deleteCursors = false): Run {
  const seen = new Map<string, number>();
  const queue: Slice[] = [{ gte: 0, lt: null, after: null, openEnded: true, density: null, leaps: 0 }];
  let requests = 0;
  while (queue.length > 0) {
    // Slices run in any order, as their pages come back in any order.
    const [slice] = queue.splice(Math.floor(next() * queue.length), 1);
    if (!slice) break;
    requests += 1;
    const page = list(items, slice);
    if (page === 'missing cursor') {
      queue.push(withoutCursor(slice));
      continue;
    }
    for (const item of page.data) seen.set(item.id, (seen.get(item.id) ?? 0) + 1);
    let remainder = page.has_more ? remainderAfter(slice, page.data) : null;
    if (!remainder) continue;
    if (deleteCursors && next() < 0.2 && remainder.after) {
      const doomed = remainder.after.id;
      items.splice(items.findIndex((item) => item.id === doomed), 1);
    }
    if (!remainder.openEnded && next() < 0.1) remainder = { ...remainder, openEnded: true, leaps: 0 }; // the bottom is above
    const roll = next();
    let pieces: Slice[];
    if (remainder.openEnded && roll < 0.7) {
      const sizes = Array.from({ length: 1 + Math.floor(next() * 4) }, () => 1 + Math.floor(next() * 40));
      pieces = leapRemainder(remainder, sizes);
    } else if (roll < 0.45) {
      pieces = splitRemainder(remainder, 2 + Math.floor(next() * 8), next() < 0.5 ? 1 + next() * 10 : undefined);
    } else if (roll < 0.6) {
      // By an estimate of where the objects are: right, skewed, or plain wrong (all at one second).
      const skew = next() * 3;
      const wrong = Math.floor(next() * 2_000_000_000);
      const estimate = next() < 0.3 ? (gte: number, lt: number) => (gte <= wrong && wrong < lt ? 100 : 0) : (gte: number, lt: number) => skew * items.filter((item) => item.created >= gte && item.created < lt).length;
      pieces = splitByEstimate(remainder, 2 + Math.floor(next() * 8), estimate);
    } else {
      pieces = [remainder];
    }
    expect(pieces.filter((piece) => piece.after !== null).length).toBeLessThanOrEqual(1);
    queue.push(...pieces);
  }
  return { seen, requests };
}

describe('slicing the created range', () => {
  it('lists every customer exactly once, whatever is cut where (200 random loads)', { timeout: 60_000 }, () => {
    for (let seed = 1; seed <= 200; seed += 1) {
      const next = random(seed);
      const items = dataset(next, 300 + Math.floor(next() * 1500));
      const { seen, requests } = load(items, next);
      const twice = [...seen].filter(([, count]) => count > 1);
      expect(twice, `seed ${seed}`).toEqual([]);
      expect(seen.size, `seed ${seed}`).toBe(items.length);
      expect(requests).toBeGreaterThanOrEqual(Math.ceil(items.length / 100));
    }
  });

  it('loses nobody when cursor customers are deleted meanwhile; only their second comes again', { timeout: 60_000 }, () => {
    for (let seed = 1; seed <= 100; seed += 1) {
      const next = random(1000 + seed);
      const survivors = dataset(next, 800); // load() deletes from it
      const { seen } = load(survivors, next, true);
      for (const item of survivors) expect(seen.has(item.id), `seed ${seed}: ${item.id}`).toBe(true);
    }
  });

  it('splitRemainder: pieces carved from the top, the first with the cursor, the last down to gte', () => {
    const remainder: Slice = { gte: 1000, lt: 2000, after: { id: 'cus_x', created: 1999 }, openEnded: false, density: 1, leaps: 0 };
    expect(splitRemainder(remainder, 4)).toEqual([
      { ...remainder, gte: 1750, lt: 2000 },
      { ...remainder, gte: 1500, lt: 1750, after: null },
      { ...remainder, gte: 1250, lt: 1500, after: null },
      { ...remainder, gte: 1000, lt: 1250, after: null },
    ]);
    // At most one page per piece (100 s at 1 customer/s): the rest goes to the last piece.
    expect(splitRemainder(remainder, 3, 1).map((s) => [s.gte, s.lt])).toEqual([
      [1900, 2000],
      [1800, 1900],
      [1000, 1800],
    ]);
    // One second (a bulk import) cannot be cut: starting_after pages it.
    const second: Slice = { ...remainder, gte: 1999 };
    expect(splitRemainder(second, 5)).toEqual([second]);
    expect(splitRemainder({ ...remainder, gte: 1998 }, 5).map((s) => [s.gte, s.lt, s.after?.id])).toEqual([
      [1999, 2000, 'cus_x'],
      [1998, 1999, undefined],
    ]);
    expect(splitRemainder(remainder, 1)).toEqual([remainder]);
    expect(splitRemainder({ ...remainder, after: null }, 4)).toEqual([{ ...remainder, after: null }]);
  });

  it('splitByEstimate: pieces of about equal expected content, the first with the cursor, the last down to gte', () => {
    const remainder: Slice = { gte: 0, lt: 2000, after: { id: 'si_x', created: 1999 }, openEnded: true, density: 5, leaps: 1 };
    // 400 objects in [1000, 1100) (an import's cards), 100 spread over [1100, 2000), nothing below.
    const estimate = (gte: number, lt: number) => {
      const overlap = (a: number, b: number) => Math.max(0, Math.min(lt, b) - Math.max(gte, a));
      return overlap(1000, 1100) * 4 + overlap(1100, 2000) / 9;
    };
    const pieces = splitByEstimate(remainder, 5, estimate);
    expect(pieces.map((p) => [p.gte, p.lt])).toEqual([
      [1100, 2000],
      [1075, 1100],
      [1050, 1075],
      [1025, 1050],
      [0, 1025],
    ]);
    // Contiguous from the cursor's second down to gte; only the first has the cursor; none open-ended.
    expect(pieces[0]).toMatchObject({ lt: 2000, after: { id: 'si_x' } });
    expect(pieces.at(-1)?.gte).toBe(0);
    for (let i = 1; i < pieces.length; i += 1) expect(pieces[i]?.lt).toBe(pieces[i - 1]?.gte);
    expect(pieces.slice(1).every((p) => p.after === null)).toBe(true);
    expect(pieces.every((p) => !p.openEnded)).toBe(true);
    // Each holds about a fifth of the 500 by the estimate, and says so by its density.
    for (const piece of pieces) expect(Math.abs(estimate(piece.gte, piece.lt ?? 0) - 100)).toBeLessThanOrEqual(4);
    for (const piece of pieces) expect(expectedIn(piece)).toBeCloseTo(estimate(piece.gte, piece.lt ?? 0), 6);
    // Nothing to cut: the remainder itself, bounded, with the estimate's density.
    expect(splitByEstimate(remainder, 1, estimate)).toEqual([{ ...remainder, openEnded: false, density: 500 / 2000 }]);
    expect(splitByEstimate(remainder, 4, () => 0)).toEqual([{ ...remainder, openEnded: false, density: 0 }]);
  });

  it('leapRemainder: bounded slices into the past, and one open-ended slice below them', () => {
    const remainder: Slice = { gte: 0, lt: 1_000_001, after: { id: 'cus_x', created: 1_000_000 }, openEnded: true, density: 0.01, leaps: 2 };
    const pieces = leapRemainder(remainder, [1, 3]); // 100 and 300 customers at 0.01/s: 10,000 s and 30,000 s
    expect(pieces).toEqual([
      { ...remainder, gte: 990_001, openEnded: false },
      { ...remainder, gte: 960_001, lt: 990_001, after: null, openEnded: false },
      { gte: 0, lt: 960_001, after: null, openEnded: true, density: 0.01, leaps: 4 },
    ]);
    expect(leapRemainder({ ...remainder, density: null }, [1])).toEqual([{ ...remainder, density: null }]);
    expect(leapRemainder({ ...remainder, density: 1e-9 }, [1])).toEqual([{ ...remainder, density: 1e-9, openEnded: false }]);
  });

  it('withoutCursor: the same range down from the cursor second, without the cursor', () => {
    const slice: Slice = { gte: 10, lt: 500, after: { id: 'cus_gone', created: 400 }, openEnded: false, density: 1, leaps: 0 };
    expect(withoutCursor(slice)).toEqual({ ...slice, lt: 401, after: null });
  });

  it('pageDensity counts a bulk-created second once', () => {
    const spread = Array.from({ length: 100 }, (_, i) => ({ created: 10_000 - i * 10 }));
    expect(pageDensity(spread, 10_000)).toBeCloseTo(100 / 991, 5);
    const bulk = [...Array.from({ length: 80 }, () => ({ created: 10_000 })), ...Array.from({ length: 20 }, (_, i) => ({ created: 9_990 - i * 10 }))];
    expect(pageDensity(bulk, 10_000)).toBeCloseTo(21 / 201, 5);
    expect(pageDensity(Array.from({ length: 100 }, () => ({ created: 5 })), 5)).toBeNull();
    expect(pageDensity([], 5)).toBeNull();
  });

  it('expectedIn: density times what is left of the range; unknown while open-ended', () => {
    const slice: Slice = { gte: 0, lt: 1000, after: null, openEnded: false, density: 0.5, leaps: 0 };
    expect(expectedIn(slice)).toBe(500);
    expect(expectedIn({ ...slice, after: { id: 'c', created: 99 } })).toBe(50);
    expect(expectedIn({ ...slice, openEnded: true })).toBeNull();
    expect(expectedIn({ ...slice, density: null })).toBeNull();
  });
});
