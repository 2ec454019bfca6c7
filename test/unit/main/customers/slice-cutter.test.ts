// How the rest of a slice is cut after a page: the open-ended bottom leaps into the past
// (several leaps at the start, one at a time later), a bounded remainder is cut for streams
// or when paging it alone would outlast the load, and a guided list cuts by where the guide's
// objects are. The load's pace: 25 requests a window (1.025 s) at the 300 ms assumed before
// the first answer, so 8 streams keep the allowance busy (the most this load allows).
import { describe, expect, it } from 'vitest';
import { GuidedCount, type ContentGuide } from '../../../../main/customers/content-guide';
import { RateLimiter } from '../../../../main/customers/rate-limiter';
import { SliceCutter, type CutterLoad } from '../../../../main/customers/slice-cutter';
import { RequestRunner } from '../../../../main/customers/stripe-requests';
import { PAGE_SIZE, type Slice } from '../../../../main/customers/time-slices';

const TOP = 1_700_000_000;

function load(streamsAlive: number, requestsAheadOfOthers: number | null): CutterLoad {
  return {
    runner: new RequestRunner({ limiter: new RateLimiter({ perWindow: 25 }), signal: new AbortController().signal }),
    maxStreams: 8,
    streamsAlive: () => streamsAlive,
    requestsAheadOfOthers: () => requestsAheadOfOthers,
  };
}

/** What is left after a page whose last object was created at TOP - 1, down to `gte`. */
function remainder(fields: Partial<Slice>): Slice {
  return { gte: 0, lt: TOP, after: { id: 'obj_last', created: TOP - 1 }, openEnded: false, density: 1, leaps: 0, ...fields };
}

/** The pieces, newest first, cover exactly the remainder: contiguous, the first keeping the cursor. */
function expectCovers(pieces: Slice[], whole: Slice): void {
  expect(pieces[0]?.after).toEqual(whole.after);
  expect(pieces[0]?.lt).toBe((whole.after?.created ?? 0) + 1);
  for (let i = 1; i < pieces.length; i += 1) {
    expect(pieces[i]?.lt).toBe(pieces[i - 1]?.gte);
    expect(pieces[i]?.after).toBeNull();
  }
  expect(pieces[pieces.length - 1]?.gte).toBe(whole.gte);
}

const width = (slice: Slice | undefined) => (slice?.lt ?? 0) - (slice?.gte ?? 0);

describe('SliceCutter: the open-ended bottom', () => {
  it('after the first page, leaps as many times as streams are missing, each three times the last, and probes below', () => {
    const rest = remainder({ openEnded: true });
    const pieces = new SliceCutter(load(1, 0), new Set(), null).cut(rest, rest);
    // 8 streams wanted, 1 alive: 7 leaps of 8, 24, 72, 216, 648, 1000 and 1000 pages at 1 object a second, and the probe.
    expect(pieces.map(width).slice(0, 7)).toEqual([8, 24, 72, 216, 648, 1000, 1000].map((pages) => pages * PAGE_SIZE));
    expect(pieces.slice(0, 7).every((piece) => !piece.openEnded)).toBe(true);
    expect(pieces[7]).toMatchObject({ gte: 0, openEnded: true, leaps: 7 });
    expectCovers(pieces, rest);
  });

  it('later, and above an empty probe, one leap at a time', () => {
    const later = remainder({ openEnded: true, leaps: 2 });
    const pieces = new SliceCutter(load(1, 0), new Set(), null).cut(later, later);
    expect(pieces.map(width)[0]).toBe(72 * PAGE_SIZE);
    expect(pieces[1]).toMatchObject({ openEnded: true, leaps: 3 });
    expect(pieces).toHaveLength(2);

    const aboveEmptyProbe = remainder({ openEnded: true, gte: TOP - 1_000_000 });
    expect(new SliceCutter(load(1, 0), new Set(), null).cut(aboveEmptyProbe, aboveEmptyProbe).map(width)[0]).toBe(8 * PAGE_SIZE);
  });

  it('waits for the density before leaping', () => {
    const unknown = remainder({ openEnded: true, density: null });
    expect(new SliceCutter(load(1, 0), new Set(), null).cut(unknown, unknown)).toEqual([unknown]);
  });
});

describe('SliceCutter: a bounded remainder', () => {
  it('is left whole when enough streams run and the rest of the load outlasts it', () => {
    const rest = remainder({ gte: TOP - 5_000 }); // 50 pages
    expect(new SliceCutter(load(8, 10_000), new Set(), null).cut(rest, rest)).toEqual([rest]);
  });

  it('is cut into pieces of a few pages when streams are missing, none larger than a stream’s share', () => {
    const rest = remainder({ gte: TOP - 5_000 }); // 50 pages, nothing else ahead: 50 / 8 streams = 6.25 pages a piece at most
    const pieces = new SliceCutter(load(1, 0), new Set(), null).cut(rest, rest);
    expect(pieces).toHaveLength(8);
    expectCovers(pieces, rest);
    for (const piece of pieces.slice(0, -1)) expect(width(piece)).toBeLessThanOrEqual(625);
  });

  it('is cut when paging it alone would outlast the rest of the load, but not while the rest is unknown', () => {
    const rest = remainder({ gte: TOP - 10_000 }); // 100 pages: 30 s alone against 4.1 s for all requests at the limit
    const pieces = new SliceCutter(load(8, 0), new Set(), null).cut(rest, rest);
    expect(pieces).toHaveLength(6);
    expectCovers(pieces, rest);
    // A slice of another list still searching its bottom: how long the load runs is unknown.
    expect(new SliceCutter(load(8, null), new Set(), null).cut(rest, rest)).toEqual([rest]);
    // Nor when one of this list's own slices is unknown.
    const searching: Slice = { gte: 0, lt: TOP - 20_000, after: null, openEnded: true, density: null, leaps: 1 };
    expect(new SliceCutter(load(8, 0), new Set([rest, searching]), null).cut(rest, rest)).toEqual([rest]);
  });
});

describe('SliceCutter: a guided list', () => {
  it('cuts by where the guide’s objects are — open-ended or not — into pieces expected to hold as many each', () => {
    // The guide has 10 objects a second over the last 1,000 seconds and none before.
    const countIn = (gte: number, lt: number) => 10 * Math.max(0, Math.min(lt, TOP) - Math.max(gte, TOP - 1_000));
    const guide: ContentGuide = { countIn };
    const guided = new GuidedCount(guide);
    // A page saw 100 of ours where the guide has 100: one of ours per guide object.
    guided.learn({ gte: TOP - 10, lt: TOP, after: null, openEnded: false, density: null, leaps: 0 }, Array.from({ length: 100 }, () => ({ created: TOP - 5 })), false);
    const rest = remainder({ openEnded: true, lt: TOP - 10, after: { id: 'obj_last', created: TOP - 11 } });
    const pieces = new SliceCutter(load(1, 0), new Set(), guided).cut(rest, rest);
    // 9,890 expected objects, 99 pages: 8 pieces, none open-ended (no leaps, no empty probe), the bottom one down to 0.
    expect(pieces).toHaveLength(8);
    expect(pieces.some((piece) => piece.openEnded)).toBe(false);
    expectCovers(pieces, rest);
    for (const piece of pieces) expect(Math.abs(countIn(piece.gte, piece.lt ?? TOP) - 9_890 / 8)).toBeLessThanOrEqual(10);
  });
});
