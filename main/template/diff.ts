// A small unified diff of two texts, line by line (Myers' shortest edit script).

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
  // Common head and tail need no search.
  let head = 0;
  while (head < a.length && head < b.length && a[head]?.key === b[head]?.key) head++;
  let tail = 0;
  while (
    tail < a.length - head &&
    tail < b.length - head &&
    a[a.length - 1 - tail]?.key === b[b.length - 1 - tail]?.key
  ) {
    tail++;
  }

  const ops: Op[] = [];
  for (let i = 0; i < head; i++) ops.push({ kind: 'equal', a: i, b: i });
  ops.push(...middleScript(a, b, head, a.length - tail, head, b.length - tail));
  for (let i = tail; i > 0; i--) ops.push({ kind: 'equal', a: a.length - i, b: b.length - i });
  return ops;
}

/** Myers' O((N+M)D) search over a[aStart..aEnd) and b[bStart..bEnd). */
function middleScript(a: Line[], b: Line[], aStart: number, aEnd: number, bStart: number, bEnd: number): Op[] {
  const n = aEnd - aStart;
  const m = bEnd - bStart;
  const same = (x: number, y: number): boolean => a[aStart + x]?.key === b[bStart + y]?.key;
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = -1;
  for (let d = 0; d <= max && found < 0; d++) {
    trace.push(v.slice(offset - d, offset + d + 1));
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && (v[offset + k - 1] ?? 0) < (v[offset + k + 1] ?? 0));
      let x = down ? (v[offset + k + 1] ?? 0) : (v[offset + k - 1] ?? 0) + 1;
      let y = x - k;
      while (x < n && y < m && same(x, y)) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
  }

  const ops: Op[] = [];
  let x = n;
  let y = m;
  for (let d = found; d >= 0; d--) {
    const before = trace[d] ?? new Int32Array(0);
    const at = (k: number): number => before[k + d] ?? 0;
    const k = x - y;
    let prevX = 0;
    let prevY = 0;
    if (d > 0) {
      const prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
      prevX = at(prevK);
      prevY = prevX - prevK;
    }
    while (x > prevX && y > prevY) {
      x--;
      y--;
      ops.push({ kind: 'equal', a: aStart + x, b: bStart + y });
    }
    if (d > 0) {
      if (x === prevX) ops.push({ kind: 'insert', b: bStart + prevY });
      else ops.push({ kind: 'delete', a: aStart + prevX });
    }
    x = prevX;
    y = prevY;
  }
  return ops.reverse();
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
  // Where old line i is in the new text: i plus the line breaks inserted before it.
  const newlines = sorted.map(({ text }) => text.split('\n').length - 1);
  const newIndex = (line: number, inclusive: boolean): number => {
    const at = starts[line] ?? Number.POSITIVE_INFINITY;
    let added = 0;
    sorted.forEach(({ offset }, i) => {
      if (offset < at || (inclusive && offset === at)) added += newlines[i] ?? 0;
    });
    return line + added;
  };

  const ops: Op[] = [];
  let ai = 0;
  let bi = 0;
  for (const { a0, a1 } of windows) {
    const b0 = newIndex(a0, false);
    const b1 = a1 >= a.length ? b.length : newIndex(a1, true);
    while (ai < a0) ops.push({ kind: 'equal', a: ai++, b: bi++ });
    ops.push(...middleScript(a, b, a0, a1, b0, b1));
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
