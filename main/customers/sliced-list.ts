// Pages through one of Stripe's lists that filter by `created` (customers, SetupIntents)
// by several time slices at once (time-slices.ts), so that the rate limit rather than the
// latency sets the pace. Several lists can run side by side under one limiter: they share
// a pool that knows how many slices are alive and how many requests lie ahead in all.
// Where and how finely a slice is cut after each page is slice-cutter.ts's part; this module
// keeps the slices running, what they loaded, and the search for the oldest object.
//
// How it pages:
// - The first request is the newest page of all. Below it nothing is known, not even where
//   the oldest object is, so the open-ended rest leaps into the past (slice-cutter.ts) while
//   one request probes everything below the leaps; an empty probe marks the bottom, and the
//   slice just above it is then searched the same way from small leaps. Every probe asks for
//   a full page, so a request brings fewer than 100 objects only at the end of a slice or
//   the bottom.
// - A list with a guide (the SetupIntents, guided by the customers: content-guide.ts) learns
//   from each page how its objects relate to the guide's.
// - Objects created while loading are newer than the first page and so in no slice; a last
//   pass lists those Stripe puts before the first page's newest (ending_before). Ids are
//   de-duplicated regardless, and counted if that ever happens.

import type { Priority } from './rate-limiter';
import { isMissingCursor, type RequestKind, type RequestRunner } from './stripe-requests';
import { expectedIn, PAGE_SIZE, remainderAfter, withoutCursor, type Slice } from './time-slices';
import { countBetween, GuidedCount, type ContentGuide } from './content-guide';
import { SliceCutter } from './slice-cutter';

export type { ContentGuide } from './content-guide';

export interface Listed {
  id: string;
  created: number;
}

export interface ListParams {
  created?: { gte: number; lt?: number };
  starting_after?: string;
  ending_before?: string;
}

export interface ListPage<T> {
  data: T[];
  has_more: boolean;
}

/** One list of Stripe's: how to ask for a page of it. */
export interface ListSource<T extends Listed> {
  kind: RequestKind;
  /** A page of up to 100, newest first, with the list's own expansions. */
  page(params: ListParams): Promise<ListPage<T>>;
}

/** What the lists of one load share. */
export interface ListPool {
  runner: RequestRunner;
  /** Most slices alive at once over all lists. */
  maxStreams: number;
  /** Slices alive over all lists. */
  streamsAlive(): number;
  /** Requests still expected over all lists except `except`, or null while one is unknown. */
  requestsAhead(except: SlicedList<Listed>): number | null;
  /** Runs a task of the load; the load ends when none is left, and fails with the first error. */
  start(task: () => Promise<void>): void;
  /** Something changed that progress should show. */
  changed(): void;
  /** Turns Stripe's failure into words for the user. */
  explain(error: unknown): Error;
}

export interface SlicedListStats {
  /** Slices the time range was cut into (the whole range counts as one). */
  slices: number;
  /** Objects found by the last pass: created while the load ran. */
  createdDuringLoad: number;
  /** Objects received twice and dropped: 0 unless a cursor object was deleted meanwhile. */
  duplicatesDropped: number;
}

export class SlicedList<T extends Listed> implements ContentGuide {
  /** Everything loaded, by id. */
  readonly items = new Map<string, T>();
  readonly stats: SlicedListStats = { slices: 1, createdDuringLoad: 0, duplicatesDropped: 0 };
  /** Slices being paged or waiting for their next page. */
  private readonly alive = new Set<Slice>();
  /** The newest object when the load began: the last pass lists those before it. */
  private newest: { id: string; created: number } | null = null;
  private catchingUp = false;
  private pending = 0;
  private finished = false;
  private readonly whenDone: Promise<void>;
  private resolveDone: () => void = () => undefined;
  private begun = false;
  /** `created` of every object loaded, sorted; rebuilt when more were loaded. */
  private sortedCreated: number[] = [];
  private readonly guided: GuidedCount | null;
  private readonly cutter: SliceCutter;

  constructor(
    private readonly source: ListSource<T>,
    private readonly pool: ListPool,
    /** Cuts this list's slices by where the guide's objects are, once it has loaded them. */
    guide: ContentGuide | null = null,
  ) {
    this.guided = guide ? new GuidedCount(guide) : null;
    const list = this as unknown as SlicedList<Listed>;
    this.cutter = new SliceCutter(
      {
        get runner() {
          return pool.runner;
        },
        get maxStreams() {
          return pool.maxStreams;
        },
        streamsAlive: () => pool.streamsAlive(),
        requestsAheadOfOthers: () => pool.requestsAhead(list),
      },
      this.alive,
      this.guided,
    );
    this.whenDone = new Promise((resolve) => {
      this.resolveDone = resolve;
    });
  }

  /** Starts listing everything. */
  begin(): void {
    this.begun = true;
    this.spawn({ gte: 0, lt: null, after: null, openEnded: true, density: null, leaps: 0 });
  }

  /** Resolves once every slice and the last pass are done (never if the load fails). */
  done(): Promise<void> {
    return this.whenDone;
  }

  get isDone(): boolean {
    return this.finished;
  }

  get streams(): number {
    return this.alive.size;
  }

  /** Objects still expected, from the density of the slices; null while unknown. */
  expectedRemaining(): number | null {
    let total = 0;
    for (const slice of this.alive) {
      const expected = expectedIn(slice);
      if (expected === null) return null;
      total += expected;
    }
    return total;
  }

  /** Objects expected in all (at least those loaded); undefined while unknown. */
  estimatedTotal(): number | undefined {
    if (this.finished) return this.items.size;
    const remaining = this.expectedRemaining();
    return remaining === null ? undefined : Math.max(this.items.size, Math.round(this.items.size + remaining));
  }

  /** Objects loaded with `created` in [gte, lt), or null while a slice still to be paged overlaps it. */
  countIn(gte: number, lt: number): number | null {
    if (!this.begun || lt <= gte) return this.begun ? 0 : null;
    for (const slice of this.alive) {
      const top = slice.after ? slice.after.created + 1 : (slice.lt ?? Number.POSITIVE_INFINITY);
      if (slice.gte < lt && gte < top) return null;
    }
    if (this.sortedCreated.length !== this.items.size) {
      this.sortedCreated = [...this.items.values()].map((item) => item.created).sort((a, b) => a - b);
    }
    return countBetween(this.sortedCreated, gte, lt);
  }

  // --- tasks ------------------------------------------------------------------------------------

  private track(task: () => Promise<void>): void {
    this.pending += 1;
    this.pool.start(async () => {
      try {
        await task();
      } finally {
        this.pending -= 1;
        if (this.pending === 0 && !this.finished) {
          this.finished = true;
          this.resolveDone();
        }
      }
    });
  }

  private spawn(slice: Slice): void {
    this.alive.add(slice);
    this.track(() => this.runSlice(slice));
  }

  private page(params: ListParams, priority: Priority): Promise<ListPage<T>> {
    return this.pool.runner.run(this.source.kind, priority, () => this.source.page(params));
  }

  // --- what is left to page, and the search for the bottom ---------------------------------------

  /** Requests this list still expects to make, or null while unknown. */
  requestsExpected(): number | null {
    if (this.finished) return 0;
    let requests = 0;
    for (const slice of this.alive) {
      const expected = expectedIn(slice);
      if (expected === null) return null;
      requests += Math.max(1, expected / PAGE_SIZE);
    }
    return requests;
  }

  /**
   * The open-ended probe below `bound` found nothing: the oldest object lies in the slice
   * just above, which is now searched by leaps again, from small ones, rather than cut by a
   * density that holds only at its top.
   */
  private bottomAbove(bound: number): void {
    for (const slice of this.alive) {
      if (slice.gte === bound) {
        slice.openEnded = true;
        slice.leaps = 0;
      }
    }
  }

  // --- paging -----------------------------------------------------------------------------------

  private async runSlice(first: Slice): Promise<void> {
    let slice = first;
    let probing = true;
    try {
      for (;;) {
        const params: ListParams = {};
        if (slice.gte > 0 || slice.lt !== null) params.created = slice.lt === null ? { gte: slice.gte } : { gte: slice.gte, lt: slice.lt };
        if (slice.after) params.starting_after = slice.after.id;
        let page: ListPage<T>;
        try {
          page = await this.page(params, probing ? 0 : 1);
        } catch (error) {
          if (slice.after && isMissingCursor(error)) {
            const replacement = withoutCursor(slice);
            this.alive.delete(slice);
            this.alive.add(replacement);
            slice = replacement;
            continue;
          }
          throw this.pool.explain(error);
        }
        probing = false;
        const data = page.data;
        if (slice === first && first.lt === null && first.after === null && data[0]) {
          this.newest = { id: data[0].id, created: data[0].created };
        }
        this.accept(data, false);
        this.guided?.learn(slice, data, page.has_more);
        if (slice.openEnded && data.length === 0 && slice.lt !== null) this.bottomAbove(slice.lt);
        const remainder = page.has_more ? remainderAfter(slice, data) : null;
        if (!remainder) break;
        const [next = remainder, ...others] = this.cutter.cut(slice, remainder);
        this.alive.delete(slice);
        slice = next;
        this.alive.add(slice);
        for (const piece of others) {
          this.stats.slices += 1;
          this.spawn(piece);
        }
        this.maybeCatchUp();
        this.pool.changed();
      }
    } finally {
      this.alive.delete(slice);
      this.maybeCatchUp();
      this.pool.changed();
    }
  }

  /** Keeps the objects not seen yet; returns how many were new. */
  private accept(data: readonly T[], lastPass: boolean): number {
    let added = 0;
    for (const item of data) {
      if (this.items.has(item.id)) {
        if (!lastPass) this.stats.duplicatesDropped += 1;
        continue;
      }
      added += 1;
      this.items.set(item.id, item);
    }
    return added;
  }

  // --- the last pass ----------------------------------------------------------------------------

  /** Starts the last pass once at most one slice with at most one page is left, to run alongside it. */
  private maybeCatchUp(): void {
    if (this.catchingUp || this.alive.size > 1) return;
    for (const slice of this.alive) {
      const expected = expectedIn(slice);
      if (expected === null || expected > PAGE_SIZE) return;
    }
    this.catchingUp = true;
    this.track(() => this.catchUp());
  }

  /** Objects created while the load ran: those Stripe lists before the first page's newest. */
  private async catchUp(): Promise<void> {
    let anchor = this.newest;
    let startingAfter: string | null = null;
    // Nothing at the start: everything listed now is new.
    let byCreated = anchor === null;
    for (;;) {
      let params: ListParams;
      if (!byCreated && anchor) params = { ending_before: anchor.id };
      else params = { ...(anchor ? { created: { gte: anchor.created } } : {}), ...(startingAfter ? { starting_after: startingAfter } : {}) };
      let page: ListPage<T>;
      try {
        page = await this.page(params, 0);
      } catch (error) {
        if (!byCreated && isMissingCursor(error)) {
          byCreated = true; // the anchor was deleted: list from its second on instead
          continue;
        }
        throw this.pool.explain(error);
      }
      this.stats.createdDuringLoad += this.accept(page.data, true);
      this.pool.changed();
      if (!page.has_more) return;
      if (byCreated) {
        const last = page.data[page.data.length - 1];
        if (!last) return;
        startingAfter = last.id;
      } else {
        const top = page.data[0];
        if (!top) return;
        anchor = { id: top.id, created: top.created };
      }
    }
  }
}

