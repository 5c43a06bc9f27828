/**
 * Line numbers of the rows in a JSON document, so a bad row can be named `file:line`
 * although JSON.parse reports no positions. One pass over the text, tracking strings and
 * nesting; it assumes the text already parsed.
 */

/**
 * For a top-level array: the 1-based line of each element. For a top-level object of
 * arrays (`{ "users": [ … ] }`): the lines of each array's elements by key.
 */
export function jsonRowLines(text: string): { readonly array: number[]; readonly byKey: Map<string, number[]> } {
  const array: number[] = [];
  const byKey = new Map<string, number[]>();
  // Stack of open containers: '[' or '{'; `target` is where element lines go at depth 1 or 2.
  const stack: string[] = [];
  let line = 1;
  let expectElement = false;
  let lastKey: string | null = null;
  let target: number[] | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\n') {
      line++;
      continue;
    }
    if (ch === ' ' || ch === '\t' || ch === '\r') continue;
    if (expectElement && ch !== ']') {
      target?.push(line);
      expectElement = false;
    }
    if (ch === '"') {
      const start = i;
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      // A key of the top-level object names the table of the array that follows.
      if (stack.length === 1 && stack[0] === '{') lastKey = JSON.parse(text.slice(start, i + 1)) as string;
      continue;
    }
    if (ch === '[' || ch === '{') {
      stack.push(ch);
      if (ch === '[' && stack.length === 1) target = array;
      else if (ch === '[' && stack.length === 2 && stack[0] === '{' && lastKey !== null) byKey.set(lastKey, (target = []));
      expectElement = ch === '[' && target !== null && isRowLevel(stack);
      continue;
    }
    if (ch === ']' || ch === '}') {
      stack.pop();
      expectElement = false;
      continue;
    }
    if (ch === ',' && isRowLevel(stack)) expectElement = true;
  }
  return { array, byKey };
}

function isRowLevel(stack: readonly string[]): boolean {
  return (stack.length === 1 && stack[0] === '[') || (stack.length === 2 && stack[0] === '{' && stack[1] === '[');
}

/** The text without a leading byte-order mark, which editors on Windows write and JSON.parse refuses. */
export function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
