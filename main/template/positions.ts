// Offsets in a template's text to 1-based line and column, and the template's line ending.

export interface Position {
  line: number;
  column: number;
}

export class LineIndex {
  /** Offset at which each line starts; lineStarts[0] is 0. */
  private readonly lineStarts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
  }

  /** 1-based line of an offset. */
  lineOf(offset: number): number {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((this.lineStarts[mid] ?? 0) <= offset) low = mid;
      else high = mid - 1;
    }
    return low + 1;
  }

  /** 1-based line and column (in UTF-16 code units) of an offset. */
  positionOf(offset: number): Position {
    const line = this.lineOf(offset);
    return { line, column: offset - this.lineStart(line) + 1 };
  }

  /** Offset at which a 1-based line starts. */
  lineStart(line: number): number {
    return this.lineStarts[line - 1] ?? this.text.length;
  }
}

/** The file's line ending: CRLF when most of its line breaks are CRLF, else LF. */
export function detectLineEnding(text: string): '\r\n' | '\n' {
  let crlf = 0;
  let lf = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    if (i > 0 && text.charCodeAt(i - 1) === 13) crlf++;
    else lf++;
  }
  return crlf > lf ? '\r\n' : '\n';
}
