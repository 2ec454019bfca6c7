// Pages through one of Stripe's lists filtered by `created` when the objects crowd into a few
// hours (3scale charges a month's invoices within a day or two): after each page the rest of
// the range is cut, by the density that page showed, into pieces of about PIECE_PAGES pages
// paged side by side — so that the rate limit rather than the latency sets the pace, and few
// requests are spent on the part-filled last page of each piece.
//
// No object is missed or listed twice: a page's rest is [gte, last.created] after the cursor
// `last`. The top piece [b1, last.created + 1) keeps the cursor (objects sharing its second are
// paged with starting_after); the pieces below, [b2, b1) … [gte, bn), hold only objects older
// than the cursor by `created` alone, so they need none.

export interface Dated {
  id: string;
  created: number;
}

export interface DensityPage<T> {
  data: T[];
  has_more: boolean;
}

export type PageFetcher<T> = (params: { created: { gte: number; lt: number }; starting_after?: string }) => Promise<DensityPage<T>>;

/** Pages a piece should hold: fewer wastes part-filled pages, more leaves the limit idle at high latency. */
export const PIECE_PAGES = 8;
export const MAX_PIECES = 8;
/** Pieces paged at once: enough to keep the rate limit busy at a few hundred ms of latency; each more costs a part-filled page. */
export const MAX_STREAMS = 8;
const PAGE = 100;

/** Where to cut [gte, top) into `pieces` half-open ranges, newest first (whole seconds). */
export function cutPoints(gte: number, top: number, pieces: number): number[] {
  const span = top - gte;
  const out: number[] = [];
  for (let i = 1; i < pieces; i += 1) {
    const at = top - Math.round((span * i) / pieces);
    if (at > gte && at < top && at !== out[out.length - 1]) out.push(at);
  }
  return out;
}

/** How many pieces the rest of a page's range is cut into, by the page's density. */
export function piecesFor<T extends Dated>(page: readonly T[], gte: number): number {
  const newest = page[0];
  const last = page[page.length - 1];
  if (!newest || !last) return 1;
  const perSecond = page.length / Math.max(1, newest.created - last.created + 1);
  const expectedPages = ((last.created - gte + 1) * perSecond) / PAGE;
  return Math.max(1, Math.min(MAX_PIECES, Math.floor(expectedPages / PIECE_PAGES)));
}

/** Every object created in [gte, lt), in no particular order. */
export async function listByDensity<T extends Dated>(fetch: PageFetcher<T>, gte: number, lt: number, maxStreams = MAX_STREAMS): Promise<T[]> {
  const out: T[] = [];
  let alive = 0;
  const piece = async (from: number, to: number, after: string | undefined): Promise<void> => {
    alive += 1;
    try {
      await pageThrough(from, to, after);
    } finally {
      alive -= 1;
    }
  };
  const pageThrough = async (from: number, to: number, after: string | undefined): Promise<void> => {
    for (let cursor = after; ; ) {
      const page = await fetch({ created: { gte: from, lt: to }, ...(cursor ? { starting_after: cursor } : {}) });
      out.push(...page.data);
      const last = page.data[page.data.length - 1];
      if (!page.has_more || !last) return;
      // This piece goes on as one of the new ones: it may become as many as the streams left free.
      const pieces = Math.min(piecesFor(page.data, from), maxStreams - alive + 1);
      if (pieces > 1) {
        const top = last.created + 1;
        const cuts = cutPoints(from, top, pieces);
        const bounds = [top, ...cuts, from];
        const tasks: Promise<void>[] = [];
        for (let i = 0; i + 1 < bounds.length; i += 1) {
          const upper = bounds[i] as number;
          const lower = bounds[i + 1] as number;
          tasks.push(piece(lower, i === 0 ? Math.min(to, upper) : upper, i === 0 ? last.id : undefined));
        }
        alive -= 1; // this piece's stream is handed over to its first piece
        try {
          await Promise.all(tasks);
        } finally {
          alive += 1;
        }
        return;
      }
      cursor = last.id;
    }
  };
  await piece(gte, lt, undefined);
  return out;
}
