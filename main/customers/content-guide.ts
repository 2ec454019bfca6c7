// One list guiding another's slices: 3scale creates a customer's SetupIntents seconds to
// months after the customer, so the customers already loaded say where the SetupIntents
// lie better than the density at a slice's top (an account grows: its past is sparser
// than its present). The guided list counts its own objects against the guide's where
// both were seen whole, and estimates a range as the guide's objects there times that ratio.

import type { ContentEstimate, Slice } from './time-slices';

export interface ContentGuide {
  /** The guide's objects with `created` in [gte, lt), or null while it has not loaded all of that range. */
  countIn(gte: number, lt: number): number | null;
}

/** Guide objects a list must have seen alongside its own before it trusts their ratio. */
export const MIN_GUIDE_SAMPLE = 50;

export class GuidedCount {
  /** This list's objects, and the guide's, over the stretches both have seen whole. */
  private own = 0;
  private guideSeen = 0;

  constructor(private readonly guide: ContentGuide) {}

  /** Counts a page's objects against the guide's over the stretch the page saw whole. */
  learn(slice: Slice, data: readonly { created: number }[], hasMore: boolean): void {
    const first = data[0];
    const last = data[data.length - 1];
    if (!first || !last) return;
    const top = slice.after ? slice.after.created + 1 : (slice.lt ?? first.created + 1);
    // With more to come, only the seconds above the last object's are whole in this page.
    const bottom = hasMore ? last.created + 1 : slice.gte;
    if (top <= bottom) return;
    const guided = this.guide.countIn(bottom, top);
    if (guided === null) return;
    this.own += hasMore ? data.filter((item) => item.created > last.created).length : data.length;
    this.guideSeen += guided;
  }

  /**
   * The remainder's content as the guide tells it, and the estimate of any range within it;
   * null while the guide has not loaded that range or too little was seen alongside it.
   */
  estimate(remainder: Slice): { total: number; estimate: ContentEstimate } | null {
    const top = remainder.after ? remainder.after.created + 1 : remainder.lt;
    if (top === null || this.guideSeen < MIN_GUIDE_SAMPLE) return null;
    const inRange = this.guide.countIn(remainder.gte, top);
    if (inRange === null) return null;
    const ratio = this.own / this.guideSeen;
    return { total: inRange * ratio, estimate: (gte, lt) => (this.guide.countIn(gte, lt) ?? 0) * ratio };
  }
}

/** How many values of an ascending array lie in [gte, lt). */
export function countBetween(sorted: readonly number[], gte: number, lt: number): number {
  return firstAtOrAbove(sorted, lt) - firstAtOrAbove(sorted, gte);
}

function firstAtOrAbove(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] ?? 0) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
