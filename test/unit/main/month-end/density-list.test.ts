// Listing by density: every object once (bursts, hundreds in one second, an empty range),
// pieces paged side by side when a page shows a crowd, and few part-filled pages.
import { describe, expect, it } from 'vitest';
import { cutPoints, listByDensity, piecesFor, type Dated, type PageFetcher } from '../../../../main/month-end/density-list';
import { seededRandom } from '../../../support/seeded-random';

/** Stripe's list over fixed objects: newest first (same second: by id descending), `created` filter, starting_after. */
function fakeList(objects: Dated[]): { fetch: PageFetcher<Dated>; requests: number; maxInFlight: number } {
  const sorted = [...objects].sort((a, b) => b.created - a.created || b.id.localeCompare(a.id));
  const state = { requests: 0, maxInFlight: 0, inFlight: 0 };
  const fetch: PageFetcher<Dated> = async ({ created, starting_after }) => {
    state.requests += 1;
    state.inFlight += 1;
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
    await new Promise((resolve) => setTimeout(resolve, 1));
    state.inFlight -= 1;
    let matching = sorted.filter((o) => o.created >= created.gte && o.created < created.lt);
    if (starting_after) {
      const at = sorted.findIndex((o) => o.id === starting_after);
      const cursor = sorted[at];
      if (!cursor) throw new Error('missing cursor');
      matching = matching.filter((o) => sorted.indexOf(o) > at);
    }
    return { data: matching.slice(0, 100), has_more: matching.length > 100 };
  };
  return {
    fetch,
    get requests() {
      return state.requests;
    },
    get maxInFlight() {
      return state.maxInFlight;
    },
  };
}

describe('listByDensity', () => {
  it('lists a crowded month once each, side by side, in few more requests than the fewest', async () => {
    const random = seededRandom(4);
    const start = 1_790_000_000;
    const objects: Dated[] = [];
    // 9,000 in the first two days' working hours, 300 in one second, 400 spread over the rest.
    for (let i = 0; i < 9_000; i += 1) objects.push({ id: `pi_a${i}`, created: start + Math.floor(random() * 2) * 86_400 + 3_600 + Math.floor(random() * 36_000) });
    for (let i = 0; i < 300; i += 1) objects.push({ id: `pi_b${i}`, created: start + 50_000 });
    for (let i = 0; i < 400; i += 1) objects.push({ id: `pi_c${i}`, created: start + 2 * 86_400 + Math.floor(random() * 28 * 86_400) });
    const list = fakeList(objects);
    const got = await listByDensity(list.fetch, start - 86_400, start + 40 * 86_400);
    expect(got).toHaveLength(objects.length);
    expect(new Set(got.map((o) => o.id)).size).toBe(objects.length);
    expect(list.requests).toBeLessThanOrEqual(Math.ceil(objects.length / 100) * 1.12);
    expect(list.maxInFlight).toBeGreaterThan(4);
  });

  it('pages a sparse range one page after another, and an empty one in one request', async () => {
    const objects = Array.from({ length: 250 }, (_, i) => ({ id: `pi_${String(i).padStart(4, '0')}`, created: 1_000_000 + i * 3_600 }));
    const list = fakeList(objects);
    expect((await listByDensity(list.fetch, 0, 2_000_000)).length).toBe(250);
    expect(list.requests).toBe(3);
    const empty = fakeList([]);
    expect(await listByDensity(empty.fetch, 0, 10)).toEqual([]);
    expect(empty.requests).toBe(1);
  });

  it('cuts whole seconds inside the range, newest first, and more pieces for a denser page', () => {
    expect(cutPoints(0, 100, 4)).toEqual([75, 50, 25]);
    expect(cutPoints(0, 2, 8)).toEqual([1]);
    const dense = Array.from({ length: 100 }, (_, i) => ({ id: `x${i}`, created: 10_000 - Math.floor(i / 10) }));
    expect(piecesFor(dense, 0)).toBe(8);
    const sparse = Array.from({ length: 100 }, (_, i) => ({ id: `x${i}`, created: 10_000 - i * 50 }));
    expect(piecesFor(sparse, 0)).toBe(1);
  });
});
