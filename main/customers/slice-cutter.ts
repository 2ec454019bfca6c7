// How the sliced list (sliced-list.ts) cuts what is left of a slice after a page, so that
// the rate limit rather than the latency sets the pace of a load:
// - The open-ended rest below the first page "leaps" into the past: slices of about 8, 24,
//   72 … pages (by the density seen) split off its top while one request probes everything
//   below them — at the start as many leaps as streams are missing, later one at a time.
// - A bounded remainder is cut when too few slices run to keep the allowance busy at the
//   latency seen, or when paging it alone would outlast the rest of the load; pieces are
//   carved from its top by the density of its last page (time-slices.ts), so an emptier
//   past ends up in one piece rather than many empty ones.
// - A list with a guide (content-guide.ts) cuts a remainder by where the guide's objects
//   are once the guide has loaded its range: no leaps, no empty probes.
// Pure policy: it reads the load's pace and the list's slices, and pages nothing itself.

import type { GuidedCount } from './content-guide';
import type { RequestRunner } from './stripe-requests';
import { expectedIn, leapRemainder, MAX_PIECES, PAGE_SIZE, splitByEstimate, splitRemainder, type Slice } from './time-slices';

/** Pages of the first slice split off the open-ended bottom; each further leap is larger. */
const FIRST_LEAP_PAGES = 8;
const LEAP_GROWTH = 3;
const MAX_LEAP_PAGES = 1000;
/** Fewest pages a slice cut off only to add a stream should hold: each slice ends in a part-filled page. */
const MIN_PIECE_PAGES = 6;
/** A slice is cut when paging it alone would take longer than this times the rest of the load. */
const CRITICAL_SHARE = 1.3;
/** Assumed latency until the first answer. */
const INITIAL_LATENCY_MS = 300;

/** What the cutter reads of the load the list is part of. */
export interface CutterLoad {
  /** Its limiter's allowance and the latency seen. */
  readonly runner: RequestRunner;
  /** Most slices alive at once over all lists. */
  readonly maxStreams: number;
  /** Slices alive over all lists. */
  streamsAlive(): number;
  /** Requests still expected over the load's other lists, or null while one is unknown. */
  requestsAheadOfOthers(): number | null;
}

export class SliceCutter {
  constructor(
    private readonly load: CutterLoad,
    /** The list's slices being paged or waiting for their next page (the list keeps them; the cutter reads them). */
    private readonly alive: ReadonlySet<Slice>,
    /** Where the guide's objects are, when the list has a guide. */
    private readonly guided: GuidedCount | null,
  ) {}

  private perSecond(): number {
    const limiter = this.load.runner.limiter;
    return limiter.allowance / limiter.windowSeconds;
  }

  private latencySeconds(): number {
    return (this.load.runner.latencyMs ?? INITIAL_LATENCY_MS) / 1000;
  }

  /** Slices needed at once over all lists to keep the allowance busy at the latency seen. */
  private minStreams(): number {
    return Math.max(2, Math.min(this.load.maxStreams, Math.ceil(this.perSecond() * this.latencySeconds()) + 1));
  }

  /** What the remainder of `current` becomes: one slice to go on with, and new ones. */
  cut(current: Slice, remainder: Slice): Slice[] {
    const guided = this.guided?.estimate(remainder) ?? null;
    if (guided) {
      // Where the objects are is known: cut by it, open-ended or not (no leaps, no empty probes).
      const { pieces, maxPages } = this.piecesFor(current, guided.total);
      const pages = guided.total / PAGE_SIZE;
      const needed = maxPages !== undefined && maxPages > 0 ? Math.ceil(pages / maxPages) : 1;
      return splitByEstimate(remainder, Math.max(pieces, Math.min(needed, Math.floor(pages / 2))), guided.estimate);
    }
    if (remainder.openEnded) {
      const missing = this.minStreams() - this.load.streamsAlive();
      // When the search starts (the first page: nothing is known below it) as many leaps as
      // streams are missing; later one at a time, so that at most one slice overshoots the
      // oldest object. Above an empty probe the oldest object is near: one leap at a time
      // from the start (several at once came back empty, each a request).
      const count = remainder.leaps === 0 && remainder.gte === 0 ? Math.min(MAX_PIECES, Math.max(1, missing)) : 1;
      const pages = Array.from({ length: count }, (_, i) => Math.min(MAX_LEAP_PAGES, FIRST_LEAP_PAGES * LEAP_GROWTH ** (remainder.leaps + i)));
      return leapRemainder(remainder, pages);
    }
    const expected = expectedIn(remainder);
    if (expected === null) return [remainder];
    const { pieces, maxPages } = this.piecesFor(current, expected);
    return pieces >= 2 ? splitRemainder(remainder, pieces, maxPages) : [remainder];
  }

  /** How many pieces a remainder expected to hold `expected` objects is cut into, and the most pages one may hold. */
  private piecesFor(current: Slice, expected: number): { pieces: number; maxPages: number | undefined } {
    const missing = this.minStreams() - this.load.streamsAlive();
    const pages = expected / PAGE_SIZE;
    // Slices cut off only to add a stream hold a few pages, or they cost more than they bring.
    const forStreams = Math.min(missing + 1, Math.floor(pages / MIN_PIECE_PAGES));
    // The requests still to make if the estimates hold (unknown while a bottom is sought).
    const others = this.load.requestsAheadOfOthers();
    let requests = pages + (others ?? 0);
    let known = others !== null;
    for (const slice of this.alive) {
      if (slice === current) continue;
      const other = expectedIn(slice);
      if (other === null) known = false;
      else requests += Math.max(1, other / PAGE_SIZE);
    }
    let critical = 1;
    let maxPages: number | undefined;
    if (known) {
      const remainingSeconds = requests / this.perSecond();
      const alone = pages * this.latencySeconds();
      // Pieces of two pages at least: a piece expected to hold less mostly brings a part-filled page.
      critical = Math.min(Math.floor(pages / 2), Math.ceil(alone / (CRITICAL_SHARE * remainingSeconds)));
      // No piece larger than one stream's share of what is left.
      maxPages = requests / this.minStreams();
    }
    return { pieces: Math.max(critical, forStreams), maxPages };
  }
}
