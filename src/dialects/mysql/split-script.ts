/**
 * Splits a SQL script into statements the way the `mysql` command-line client does
 * (https://dev.mysql.com/doc/refman/8.0/en/mysql-commands.html): on the delimiter outside
 * quotes and comments, with `DELIMITER` lines changing it, so scripts that define
 * procedures or triggers (`DELIMITER ;;` … `END;;`) split as their authors meant.
 *
 * This is how `Connection.exec` runs scripts without the driver's `multipleStatements`,
 * which would let any single statement smuggle in a second one.
 */
export function splitMysqlScript(script: string): string[] {
  const statements: string[] = [];
  let delimiter = ';';
  let start = 0;
  /** Whether the current statement holds anything besides blanks and plain comments. */
  let content = false;
  let i = 0;
  const n = script.length;

  const finish = (end: number, next: number): void => {
    if (content) statements.push(script.slice(start, end).trim());
    start = next;
    content = false;
  };

  while (i < n) {
    const ch = script[i]!;
    if (!content && atLineStart(script, i, start)) {
      const m = /^[ \t]*delimiter[ \t]+(\S+)[^\n]*(\n|$)/i.exec(script.slice(i, i + 200));
      if (m) {
        delimiter = m[1]!;
        i += m[0].length;
        start = i;
        continue;
      }
    }
    if (ch === "'" || ch === '"' || ch === '`') {
      i = skipQuoted(script, i, ch);
      content = true;
      continue;
    }
    if (ch === '#' || (ch === '-' && script[i + 1] === '-' && /[\s]|^$/.test(script[i + 2] ?? ''))) {
      const end = script.indexOf('\n', i);
      i = end < 0 ? n : end + 1;
      continue;
    }
    if (ch === '/' && script[i + 1] === '*') {
      // `/*! … */` and `/*+ … */` are executable comments: they count as content.
      if (script[i + 2] === '!' || script[i + 2] === '+') content = true;
      const end = script.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
      continue;
    }
    if (script.startsWith(delimiter, i)) {
      finish(i, i + delimiter.length);
      i += delimiter.length;
      continue;
    }
    if (!/\s/.test(ch)) content = true;
    i++;
  }
  finish(n, n);
  return statements;
}

/** True when only blanks separate offset `i` from the previous line break (or the statement start). */
function atLineStart(script: string, i: number, statementStart: number): boolean {
  for (let j = i - 1; j >= statementStart; j--) {
    const c = script[j]!;
    if (c === '\n') return true;
    if (c !== ' ' && c !== '\t' && c !== '\r') return false;
  }
  return true;
}

/** Offset after the quoted text opened at `i`: backslash escapes and doubled quotes. */
function skipQuoted(script: string, i: number, quote: string): number {
  for (let j = i + 1; j < script.length; j++) {
    const c = script[j]!;
    if (c === '\\' && quote !== '`') {
      j++;
    } else if (c === quote) {
      if (script[j + 1] !== quote) return j + 1;
      j++;
    }
  }
  return script.length;
}
