/**
 * TypeScript source for values and names: what the renderers paste into generated
 * files. Every value must read back as exactly the value it was made from.
 */
import { MigrationError } from '../errors.js';

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const RESERVED = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally for function if import in ' +
    'instanceof new null return super switch this throw true try typeof var void while with as implements interface let package private ' +
    'protected public static yield await async of get set type declare namespace module any unknown never undefined'
  ).split(' '),
);

/** A plain identifier usable as a binding (not a reserved word). */
export const isIdentifier = (name: string): boolean => IDENTIFIER.test(name) && !RESERVED.has(name);

/**
 * True for keys JavaScript orders before all others in an object (`'1'`, `'42'`) and
 * for `__proto__`, which an object literal does not make an own property: a column of
 * such a name needs another property name and `.named()`.
 */
export const needsOtherProperty = (name: string): boolean => name === '__proto__' || (/^(0|[1-9][0-9]*)$/.test(name) && Number(name) < 2 ** 32 - 1);

/** An object literal key: bare when it is an identifier name, quoted otherwise. */
export const propertyKey = (name: string): string => (IDENTIFIER.test(name) ? name : tsString(name));

/** `obj.name` or `obj['name']`. */
export const member = (object: string, name: string): string => (IDENTIFIER.test(name) ? `${object}.${name}` : `${object}[${tsString(name)}]`);

/**
 * A string literal: single-quoted, or double-quoted when that avoids escaping quotes;
 * line breaks, controls and lone surrogates escaped, other Unicode kept as it is.
 */
export function tsString(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    const code = s.charCodeAt(i);
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += `\\${quote}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code === 0x2028 || code === 0x2029) out += `\\u${code.toString(16)}`;
    else if (code >= 0xd800 && code <= 0xdfff) {
      const next = s.charCodeAt(i + 1);
      if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        out += ch + s[i + 1]!;
        i++;
      } else {
        out += `\\u${code.toString(16)}`;
      }
    } else out += ch;
  }
  return out + quote;
}

/**
 * A string for multi-line SQL: a template literal when it has line breaks (readable in
 * the file), a plain string otherwise.
 */
export function tsText(s: string): string {
  if (!s.includes('\n') || /[\u0000-\u0008\u000b-\u001f\u007f\u2028\u2029\ud800-\udfff]/.test(s)) return tsString(s);
  return `\`${s.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${').replace(/\r/g, '\\r')}\``;
}

/** A number literal, including -0, NaN and the infinities. */
export function tsNumber(n: number): string {
  if (Object.is(n, -0)) return '-0';
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return 'Infinity';
  if (n === -Infinity) return '-Infinity';
  return String(n);
}

/**
 * Any value a migration may carry (defaults, check text, bulk insert rows) as source:
 * JSON values, bigint, Date, Buffer/Uint8Array, undefined. Anything else is refused.
 */
export function tsValue(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return tsString(value);
    case 'number':
      return tsNumber(value);
    case 'boolean':
      return String(value);
    case 'bigint':
      return `${value}n`;
    case 'undefined':
      return 'undefined';
    case 'object':
      if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'new Date(NaN)' : `new Date(${tsString(value.toISOString())})`;
      if (value instanceof Uint8Array) return `Buffer.from(${tsString(Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex'))}, 'hex')`;
      if (Array.isArray(value)) return `[${value.map(tsValue).join(', ')}]`;
      if (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null) {
        const entries = Object.entries(value as Record<string, unknown>);
        if (entries.length === 0) return '{}';
        // `['__proto__']: …` makes an own property; `__proto__: …` would set the prototype.
        const key = (k: string) => (k === '__proto__' ? `[${tsString(k)}]` : propertyKey(k));
        return `{ ${entries.map(([k, v]) => `${key(k)}: ${tsValue(v)}`).join(', ')} }`;
      }
      break;
  }
  throw new MigrationError(`cannot write ${Object.prototype.toString.call(value)} as a TypeScript value in a generated file`);
}

/** Text safe inside a `/* … *\/` comment, one line per line. */
export const commentText = (s: string): string => s.replace(/\*\//g, '*\\/');

/** Imports of a generated file: values and types from 'ormkit'. */
export class Imports {
  private readonly values = new Set<string>();
  private readonly types = new Set<string>();

  value(name: string): string {
    this.values.add(name);
    return name;
  }

  type(name: string): string {
    this.types.add(name);
    return name;
  }

  /** `import { a, b, type C } from 'ormkit';`, or '' when nothing is used. */
  statement(): string {
    const names = [...[...this.values].sort(), ...[...this.types].sort().map((t) => `type ${t}`)];
    return names.length ? `import { ${names.join(', ')} } from 'ormkit';` : '';
  }
}
