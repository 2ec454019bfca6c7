// A unified diff of two texts, line by line: Myers' shortest edit script in linear space.

interface Line {
  /** The line without its "\n" (a "\r" of a CRLF line stays). */
  text: string;
  /** What lines are compared by: the last line of a file without a final newline differs from the same text with one. */
  key: string;
  /** This is the last line and the file does not end with a newline. */
  noNewline: boolean;
}

type Op = { kind: 'equal'; a: number; b: number } | { kind: 'delete'; a: number } | { kind: 'insert'; b: number };

function splitLines(text: string): Line[] {
  if (text === '') return [];
  const parts = text.split('\n');
  const endsWithNewline = parts[parts.length - 1] === '';
  if (endsWithNewline) parts.pop();
  return parts.map((part, i) => {
    const noNewline = !endsWithNewline && i === parts.length - 1;
    return { text: part, key: noNewline ? `${part}\n` : part, noNewline };
  });
}

/** The edit script from a to b: equal, deleted and inserted lines in order. */
function editScript(a: Line[], b: Line[]): Op[] {
  return diffRange(a, b, 0, a.length, 0, b.length);
}

/**
 * The edit script of a[aStart..aEnd) against b[bStart..bEnd), shortest (fewest inserted and
 * deleted lines). Lines found on one side only can never be kept, so they are set aside first
 * (as GNU diff does): a line split by an insertion leaves nothing to search. The rest is
 * compared by Myers' algorithm in linear space (below).
 */
function diffRange(a: Line[], b: Line[], aStart: number, aEnd: number, bStart: number, bEnd: number): Op[] {
  // Lines as small integers: equal lines, equal numbers.
  const ids = new Map<string, number>();
  const idOf = (line: Line | undefined): number => {
    const key = line?.key ?? '';
    let id = ids.get(key);
    if (id === undefined) ids.set(key, (id = ids.size));
    return id;
  };
  const aIds = Int32Array.from({ length: aEnd - aStart }, (_, i) => idOf(a[aStart + i]));
  const bIds = Int32Array.from({ length: bEnd - bStart }, (_, i) => idOf(b[bStart + i]));
  const inA = new Uint8Array(ids.size);
  const inB = new Uint8Array(ids.size);
  for (const id of aIds) inA[id] = 1;
  for (const id of bIds) inB[id] = 1;
  // Positions of the lines that occur on both sides.
  const aKept = aIds.reduce<number[]>((kept, id, i) => (inB[id] ? (kept.push(i), kept) : kept), []);
  const bKept = bIds.reduce<number[]>((kept, id, i) => (inA[id] ? (kept.push(i), kept) : kept), []);
  const pairs = matchingPairs(
    Int32Array.from(aKept, (i) => aIds[i] ?? -1),
    Int32Array.from(bKept, (i) => bIds[i] ?? -1),
  );

  // Between two kept pairs: the deleted lines, then the inserted ones.
  const ops: Op[] = [];
  let x = 0;
  let y = 0;
  const advance = (toX: number, toY: number): void => {
    while (x < toX) ops.push({ kind: 'delete', a: aStart + x++ });
    while (y < toY) ops.push({ kind: 'insert', b: bStart + y++ });
  };
  for (let i = 0; i < pairs.length; i += 2) {
    advance(aKept[pairs[i] ?? 0] ?? 0, bKept[pairs[i + 1] ?? 0] ?? 0);
    ops.push({ kind: 'equal', a: aStart + x++, b: bStart + y++ });
  }
  advance(aEnd - aStart, bEnd - bStart);
  return ops;
}

/**
 * The longest common subsequence of a and b as pairs [i0, j0, i1, j1, …] (a[i] === b[j],
 * increasing): Myers' O((N+M)D) algorithm with its linear-space refinement. Each range is
 * split at a point of an optimal path found by searching from both ends at once (the
 * "middle snake"), and the halves are done in turn from an explicit stack, so memory stays
 * O(N+M) and no recursion goes deep.
 */
function matchingPairs(a: Int32Array, b: Int32Array): number[] {
  const pairs: number[] = [];
  type Task = { kind: 'range'; aLo: number; aHi: number; bLo: number; bHi: number } | { kind: 'equal'; aLo: number; bLo: number; count: number };
  const equal = (aLo: number, bLo: number, count: number): void => {
    for (let i = 0; i < count; i++) pairs.push(aLo + i, bLo + i);
  };
  const size = a.length + b.length + 2;
  const forward = new Int32Array(2 * size + 1);
  const backward = new Int32Array(2 * size + 1);
  const stack: Task[] = [{ kind: 'range', aLo: 0, aHi: a.length, bLo: 0, bHi: b.length }];
  for (let task = stack.pop(); task; task = stack.pop()) {
    if (task.kind === 'equal') {
      equal(task.aLo, task.bLo, task.count);
      continue;
    }
    let { aLo, aHi, bLo, bHi } = task;
    // Common head and tail need no search.
    let head = 0;
    while (aLo + head < aHi && bLo + head < bHi && a[aLo + head] === b[bLo + head]) head++;
    equal(aLo, bLo, head);
    aLo += head;
    bLo += head;
    let tail = 0;
    while (aHi - tail > aLo && bHi - tail > bLo && a[aHi - tail - 1] === b[bHi - tail - 1]) tail++;
    aHi -= tail;
    bHi -= tail;
    if (tail > 0) stack.push({ kind: 'equal', aLo: aHi, bLo: bHi, count: tail });
    if (aLo === aHi || bLo === bHi) continue;
    const split = middleSnake(a, aLo, aHi, b, bLo, bHi, forward, backward);
    if (!split || (split.x === aLo && split.y === bLo) || (split.x === aHi && split.y === bHi)) continue; // nothing in common
    // The second half is done after the first: pushed first.
    stack.push({ kind: 'range', aLo: split.x, aHi, bLo: split.y, bHi });
    stack.push({ kind: 'range', aLo, aHi: split.x, bLo, bHi: split.y });
  }
  return pairs;
}

/**
 * A point (x, y) on a shortest edit path of a[aLo..aHi) against b[bLo..bHi), found where the
 * search from the start and the search from the end meet. Both ends differ (the caller
 * trimmed them). `forward` and `backward` hold, per diagonal, how far each search got.
 */
function middleSnake(
  a: Int32Array,
  aLo: number,
  aHi: number,
  b: Int32Array,
  bLo: number,
  bHi: number,
  forward: Int32Array,
  backward: Int32Array,
): { x: number; y: number } | null {
  const n = aHi - aLo;
  const m = bHi - bLo;
  const maxD = Math.ceil((n + m) / 2);
  const offset = maxD + 1;
  const delta = n - m;
  // Diagonal k = x - y; the two searches meet on a diagonal of the other's parity when delta is odd.
  const frontMeets = delta % 2 !== 0;
  forward.fill(-1, 0, 2 * offset + 1);
  backward.fill(-1, 0, 2 * offset + 1);
  forward[offset + 1] = 0;
  backward[offset + 1] = 0;
  let kStartF = 0;
  let kEndF = 0;
  let kStartB = 0;
  let kEndB = 0;
  for (let d = 0; d < maxD + 1; d++) {
    for (let k = -d + kStartF; k <= d - kEndF; k += 2) {
      const at = offset + k;
      let x = k === -d || (k !== d && (forward[at - 1] ?? -1) < (forward[at + 1] ?? -1)) ? (forward[at + 1] ?? 0) : (forward[at - 1] ?? 0) + 1;
      let y = x - k;
      while (x < n && y < m && a[aLo + x] === b[bLo + y]) {
        x++;
        y++;
      }
      forward[at] = x;
      if (x > n) kEndF += 2;
      else if (y > m) kStartF += 2;
      else if (frontMeets) {
        const other = offset + delta - k;
        if (other >= 0 && other < 2 * offset + 1 && (backward[other] ?? -1) !== -1 && x >= n - (backward[other] ?? 0)) {
          return { x: aLo + x, y: bLo + y };
        }
      }
    }
    for (let k = -d + kStartB; k <= d - kEndB; k += 2) {
      const at = offset + k;
      let x = k === -d || (k !== d && (backward[at - 1] ?? -1) < (backward[at + 1] ?? -1)) ? (backward[at + 1] ?? 0) : (backward[at - 1] ?? 0) + 1;
      let y = x - k;
      while (x < n && y < m && a[aHi - x - 1] === b[bHi - y - 1]) {
        x++;
        y++;
      }
      backward[at] = x;
      if (x > n) kEndB += 2;
      else if (y > m) kStartB += 2;
      else if (!frontMeets) {
        const other = offset + delta - k;
        if (other >= 0 && other < 2 * offset + 1 && (forward[other] ?? -1) !== -1) {
          const xf = forward[other] ?? 0;
          const yf = xf - (other - offset);
          if (xf >= n - x) return { x: aLo + xf, y: bLo + yf };
        }
      }
    }
  }
  return null;
}

export interface UnifiedDiffOptions {
  oldName?: string;
  newName?: string;
  /** Lines of context around each change (3). */
  context?: number;
}

/** A unified diff from oldText to newText; empty when they are equal. */
export function unifiedDiff(oldText: string, newText: string, options: UnifiedDiffOptions = {}): string {
  if (oldText === newText) return '';
  const a = splitLines(oldText);
  const b = splitLines(newText);
  return writeUnifiedDiff(a, b, editScript(a, b), options);
}

/** A text insertion at an offset of the old text. */
export interface TextInsertion {
  offset: number;
  text: string;
}

/**
 * The unified diff of inserting texts into oldText (offsets in oldText). The same diff as
 * unifiedDiff gives, found without a search over the whole file: only the lines the insertions
 * touch are compared, so many insertions into a large file stay cheap.
 */
export function insertionDiff(oldText: string, insertions: readonly TextInsertion[], options: UnifiedDiffOptions = {}): string {
  const sorted = [...insertions].filter((insertion) => insertion.text !== '').sort((x, y) => x.offset - y.offset);
  if (sorted.length === 0) return '';
  let newText = '';
  let cursor = 0;
  for (const { offset, text } of sorted) {
    newText += oldText.slice(cursor, offset) + text;
    cursor = offset;
  }
  newText += oldText.slice(cursor);

  const a = splitLines(oldText);
  const b = splitLines(newText);
  const starts = lineStarts(oldText);
  // Each insertion touches a window of old lines: none when it is whole lines put before a
  // line, else the line it lands in. Windows that meet are joined. Outside them, each old line
  // is one new line; inside, the lines are compared.
  const windows: Array<{ a0: number; a1: number }> = [];
  for (const { offset, text } of sorted) {
    const line = lineIndexOf(starts, offset);
    const wholeLines = starts[line] === offset && text.endsWith('\n');
    const window = { a0: line, a1: wholeLines ? line : Math.min(line + 1, a.length) };
    const last = windows[windows.length - 1];
    if (last && window.a0 <= last.a1) last.a1 = Math.max(last.a1, window.a1);
    else windows.push(window);
  }
  // Where old line i is in the new text: i plus the line breaks inserted before it. Asked for
  // lines in increasing order, so one pointer walks the insertions once.
  const newlines = sorted.map(({ text }) => text.split('\n').length - 1);
  let counted = 0;
  let added = 0;
  const newIndex = (line: number, inclusive: boolean): number => {
    const at = starts[line] ?? Number.POSITIVE_INFINITY;
    for (let insertion = sorted[counted]; insertion && (insertion.offset < at || (inclusive && insertion.offset === at)); insertion = sorted[++counted]) {
      added += newlines[counted] ?? 0;
    }
    return line + added;
  };

  const ops: Op[] = [];
  let ai = 0;
  let bi = 0;
  for (const { a0, a1 } of windows) {
    const b0 = newIndex(a0, false);
    const b1 = a1 >= a.length ? b.length : newIndex(a1, true);
    while (ai < a0) ops.push({ kind: 'equal', a: ai++, b: bi++ });
    for (const op of diffRange(a, b, a0, a1, b0, b1)) ops.push(op);
    ai = a1;
    bi = b1;
  }
  while (ai < a.length) ops.push({ kind: 'equal', a: ai++, b: bi++ });
  return writeUnifiedDiff(a, b, ops, options);
}

/** Offsets at which the lines of a text start (one more than its lines when it ends with a newline). */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** 0-based index of the line an offset is in. */
function lineIndexOf(starts: number[], offset: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((starts[mid] ?? 0) <= offset) low = mid;
    else high = mid - 1;
  }
  return low;
}

function writeUnifiedDiff(a: Line[], b: Line[], ops: Op[], options: UnifiedDiffOptions): string {
  const { oldName = 'a', newName = 'b', context = 3 } = options;
  // Group changes into hunks: a change, `context` lines either side, merged when they touch.
  const changed = ops.map((op, i) => (op.kind === 'equal' ? -1 : i)).filter((i) => i >= 0);
  const hunks: Array<[number, number]> = [];
  for (const i of changed) {
    const from = Math.max(0, i - context);
    const to = Math.min(ops.length - 1, i + context);
    const last = hunks[hunks.length - 1];
    if (last && from <= last[1] + 1) last[1] = Math.max(last[1], to);
    else hunks.push([from, to]);
  }

  // Where each op stands in each file (0-based line numbers).
  const aAt: number[] = [];
  const bAt: number[] = [];
  let aSeen = 0;
  let bSeen = 0;
  for (const op of ops) {
    aAt.push(aSeen);
    bAt.push(bSeen);
    if (op.kind !== 'insert') aSeen++;
    if (op.kind !== 'delete') bSeen++;
  }

  const out = [`--- ${oldName}`, `+++ ${newName}`];
  for (const [from, to] of hunks) {
    const slice = ops.slice(from, to + 1);
    const aLine = aAt[from] ?? 0;
    const bLine = bAt[from] ?? 0;
    const aCount = slice.filter((op) => op.kind !== 'insert').length;
    const bCount = slice.filter((op) => op.kind !== 'delete').length;
    const range = (start: number, count: number): string =>
      count === 1 ? `${start + 1}` : `${count === 0 ? start : start + 1},${count}`;
    out.push(`@@ -${range(aLine, aCount)} +${range(bLine, bCount)} @@`);
    for (const op of slice) {
      const line = op.kind === 'insert' ? b[op.b] : a[op.a];
      if (!line) continue;
      const prefix = op.kind === 'equal' ? ' ' : op.kind === 'insert' ? '+' : '-';
      out.push(`${prefix}${line.text}`);
      if (line.noNewline) out.push('\\ No newline at end of file');
    }
  }
  return `${out.join('\n')}\n`;
}
