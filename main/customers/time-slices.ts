// Half-open `created` slices of a Stripe list (newest first, 100 a page), and how a slice is
// cut: after a page (remainderAfter), into the past (leapRemainder), into pieces
// (splitRemainder). Pure functions; slice-cutter.ts decides when and how finely to cut.
//
// Why no object is missed or listed twice:
// - A slice is `created` in [gte, lt) — half-open, whole seconds — optionally "after" a
//   cursor object: then only the objects Stripe lists after it (older ones, or later in its
//   second). Slices never overlap, and together with what is loaded they always hold every
//   object that existed when the load began.
// - A page of a slice that has more leaves a remainder: [gte, last.created + 1) after the
//   page's last object. Cutting it at whole seconds b1 > b2 > … > gte keeps the cursor on
//   the top piece [b1, last.created + 1) — objects sharing the cursor's second are paged
//   with starting_after, so a second holding hundreds of objects is neither cut nor
//   repeated — while the pieces below need no cursor: all their objects are older than the
//   cursor by `created` alone.

/** Stripe's largest page. */
export const PAGE_SIZE = 100;
/** The most pieces one remainder is cut into at once. */
export const MAX_PIECES = 8;

export interface Slice {
  /** created ≥ gte (Unix seconds). */
  gte: number;
  /** created < lt; null: no upper bound. */
  lt: number | null;
  /** Only the objects Stripe lists after this one (older ones, or later in its second). */
  after: { id: string; created: number } | null;
  /** The oldest object may lie anywhere down to gte: searched by leaps, not cut by density. */
  openEnded: boolean;
  /** Objects per second around the slice's top, from the pages seen; null when unknown. */
  density: number | null;
  /** How many slices this open-ended search has split off so far. */
  leaps: number;
}

/**
 * Objects per second in the stretch a page covers, from `ceiling` (the newest second its
 * request could return) down to its last object's second; null when the page says nothing
 * about it. Bulk imports do not distort it: seconds are counted once each and weighted by
 * the median number of objects per second, so one second holding 80 objects does not
 * make a year look 80 times as dense.
 */
export function pageDensity(page: readonly { created: number }[], ceiling: number): number | null {
  const last = page[page.length - 1];
  if (!last) return null;
  const perSecond: number[] = [];
  let previous: number | null = null;
  for (const customer of page) {
    if (customer.created === previous) perSecond[perSecond.length - 1] = (perSecond[perSecond.length - 1] ?? 0) + 1;
    else perSecond.push(1);
    previous = customer.created;
  }
  const span = ceiling - last.created + 1;
  if (perSecond.length < 3 || span < 2) return null;
  const median = [...perSecond].sort((a, b) => a - b)[Math.floor(perSecond.length / 2)] ?? 1;
  return Math.min(page.length, perSecond.length * median) / span;
}

/**
 * What is left of a slice after one of its pages (which had more): the objects after the
 * page's last one, down to gte, with the page's density averaged into the slice's estimate.
 */
export function remainderAfter(slice: Slice, page: readonly { id: string; created: number }[]): Slice | null {
  const last = page[page.length - 1];
  const first = page[0];
  if (!last || !first) return null;
  // The page holds every object of the slice created after its last one's second.
  const ceiling = slice.after ? slice.after.created : slice.lt !== null ? slice.lt - 1 : first.created;
  const measured = pageDensity(page, ceiling);
  const density = measured === null ? slice.density : slice.density === null ? measured : (measured + slice.density) / 2;
  return { ...slice, lt: last.created + 1, after: { id: last.id, created: last.created }, density };
}

/**
 * The open-ended remainder leaps into the past: below its cursor come bounded slices of
 * about `pages[0]`, `pages[1]`, … pages (by its density), the first keeping the cursor, and
 * one open-ended slice for everything below them. Just the remainder while its density is
 * unknown (the next page tells more); just the remainder, bounded, when the first leap would
 * already reach gte.
 */
export function leapRemainder(remainder: Slice, pages: readonly number[]): Slice[] {
  const cursor = remainder.after;
  const density = remainder.density;
  if (!cursor || !remainder.openEnded || density === null || pages.length === 0) return [remainder];
  const low = remainder.gte;
  const out: Slice[] = [];
  let top = cursor.created + 1;
  for (const size of pages) {
    const bound = top - Math.max(1, Math.round((size * PAGE_SIZE) / density));
    if (bound <= low) break;
    out.push({ ...remainder, gte: bound, lt: top, after: out.length === 0 ? cursor : null, openEnded: false });
    top = bound;
  }
  if (out.length === 0) return [{ ...remainder, openEnded: false }];
  out.push({ gte: low, lt: top, after: null, openEnded: true, density, leaps: remainder.leaps + out.length });
  return out;
}

/**
 * Cuts a remainder (a slice with a cursor) into at most `pieces` slices that together hold
 * exactly its objects; the first keeps the cursor. They are carved from the top, of equal
 * width — narrower when `maxPages` (by the remainder's density) says so — and the last takes
 * the rest. Fewer, or just the remainder, when it cannot be cut: one second is paged with
 * the cursor only.
 */
export function splitRemainder(remainder: Slice, pieces: number, maxPages?: number): Slice[] {
  const cursor = remainder.after;
  const wanted = Math.min(Math.floor(pieces), MAX_PIECES);
  if (!cursor || wanted < 2) return [remainder];
  const low = remainder.gte;
  const top = cursor.created + 1;
  if (top - 1 <= low) return [remainder];
  let width = (top - low) / wanted;
  if (maxPages !== undefined && remainder.density !== null && remainder.density > 0) {
    width = Math.min(width, (maxPages * PAGE_SIZE) / remainder.density);
  }
  const bounds: number[] = [top];
  for (let i = 1; i < wanted; i += 1) {
    const bound = Math.round(top - width * i);
    const previous = bounds[bounds.length - 1] ?? top;
    if (bound < previous && bound > low) bounds.push(bound);
  }
  if (bounds.length < 2) return [remainder];
  return bounds.map((lt, i) => {
    const last = i === bounds.length - 1;
    return {
      ...remainder,
      gte: last ? low : (bounds[i + 1] ?? low),
      lt,
      after: i === 0 ? cursor : null,
      openEnded: last && remainder.openEnded,
    };
  });
}

/** Objects expected with `created` in [gte, lt) (whole seconds). */
export type ContentEstimate = (gte: number, lt: number) => number;

/**
 * Cuts a remainder (a slice with a cursor) into at most `pieces` slices expected to hold
 * about as many objects each by `estimate` — where the objects are, not how dense the top
 * is — the first keeping the cursor. Each piece's density is its own estimate over its
 * width, and none is open-ended: the estimate says where the oldest objects lie (the
 * bottom piece still reaches down to gte, so nothing an estimate missed is lost).
 */
export function splitByEstimate(remainder: Slice, pieces: number, estimate: ContentEstimate): Slice[] {
  const cursor = remainder.after;
  const low = remainder.gte;
  const wanted = Math.min(Math.floor(pieces), MAX_PIECES);
  const top = cursor ? cursor.created + 1 : remainder.lt;
  if (top === null) return [remainder];
  const densityOf = (gte: number, lt: number) => estimate(gte, lt) / Math.max(1, lt - gte);
  const whole = { ...remainder, openEnded: false, density: densityOf(low, top) };
  const total = estimate(low, top);
  if (!cursor || wanted < 2 || total <= 0 || top - 1 <= low) return [whole];
  const bounds: number[] = [top];
  for (let i = 1; i < wanted; i += 1) {
    const previous = bounds[bounds.length - 1] ?? top;
    // The highest second b below `previous` with at least i shares of the total in [b, top).
    const target = (total * i) / wanted;
    let lo = low + 1;
    let hi = previous - 1;
    let found: number | null = null;
    while (lo <= hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (estimate(mid, top) >= target) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    if (found === null) break;
    bounds.push(found);
  }
  if (bounds.length < 2) return [whole];
  return bounds.map((lt, i) => {
    const gte = bounds[i + 1] ?? low;
    return { ...remainder, gte, lt, after: i === 0 ? cursor : null, openEnded: false, density: densityOf(gte, lt) };
  });
}

/**
 * The slice to list instead when its cursor object was deleted meanwhile (Stripe then
 * refuses starting_after): the same range down from the cursor's whole second. It holds
 * everything the slice held, and objects of that second already loaded come again (they
 * are dropped as duplicates).
 */
export function withoutCursor(slice: Slice): Slice {
  return slice.after ? { ...slice, lt: slice.after.created + 1, after: null } : slice;
}

/** Objects a slice is expected to hold, or null when unknown. */
export function expectedIn(slice: Slice): number | null {
  if (slice.openEnded || slice.density === null) return null;
  const end = slice.after ? slice.after.created + 1 : slice.lt;
  if (end === null) return null;
  return slice.density * Math.max(0, end - slice.gte);
}
