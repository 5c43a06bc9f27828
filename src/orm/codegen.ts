/**
 * Per-model functions generated once with `new Function`, the way fast hydrators do
 * (MikroORM's ObjectHydrator): property names become constant keys, so V8 sees
 * monomorphic loads and stores instead of a megamorphic loop over column names. Every
 * name is embedded through `JSON.stringify`, so a property called `a"]; x` is just a key;
 * everything else (decoders, validators, the model class) is passed in as arguments.
 */
import type { MappedColumn } from './columns.js';
import { fastAcceptExpression } from './validate.js';

const key = (s: string): string => `[${JSON.stringify(s)}]`;

/** `row` (a driver row as an array, one entry per column in model order) → a new model instance. */
export type Hydrate = (row: readonly unknown[]) => object;

/** Generates a model's `Hydrate`: one constant decoder per column (the dialect's, resolved once). */
export function makeHydrate(model: new () => object, columns: readonly MappedColumn[]): Hydrate {
  const body = columns.map((c, i) => `  o${key(c.prop)} = D${i}(row[${i}]);`).join('\n');
  const decoders = columns.map((_c, i) => `const D${i} = C[${i}].decode;`).join(' ');
  return new Function('M', 'C', `${decoders}\nreturn function hydrate(row) {\n  const o = new M();\n${body}\n  return o;\n};`)(model, columns) as Hydrate;
}

/**
 * Writes the values a later flush compares against (json as text, Dates as epoch ms,
 * blobs copied) into `s[k…k+columns)`. Snapshots of many rows share one flat array, so
 * loading or inserting a row allocates no array of its own.
 */
export type SnapshotInto = (obj: Record<string, unknown>, s: unknown[], k: number) => void;

/** Generates a model's `SnapshotInto`. */
export function makeSnapshotInto(columns: readonly MappedColumn[]): SnapshotInto {
  const lines = columns.map((c, i) => `  s[k + ${i}] = ${c.snap ? `C[${i}].snap(o${key(c.prop)})` : `o${key(c.prop)}`};`);
  return new Function('C', `return function snapshotInto(o, s, k) {\n${lines.join('\n')}\n};`)(columns) as SnapshotInto;
}

/** Indexes of columns whose value differs from the snapshot at `s[k…]` (`undefined` counts as unchanged), or null. */
export type Changed = (obj: Record<string, unknown>, s: readonly unknown[], k: number) => number[] | null;

/** Generates a model's `Changed` (the dirty check). */
export function makeChanged(columns: readonly MappedColumn[]): Changed {
  const lines = columns.map((c, i) => {
    const differs = c.same ? `!C[${i}].same(v, s[k + ${i}])` : `v !== s[k + ${i}]`;
    return `  v = o${key(c.prop)}; if (v !== undefined && ${differs}) (c ??= []).push(${i});`;
  });
  return new Function('C', `return function changed(o, s, k) {\n  let c = null, v;\n${lines.join('\n')}\n  return c;\n};`)(columns) as Changed;
}

/**
 * Which columns an object provides for INSERT, as a bit mask (a string of 0/1 past 30
 * columns). Auto-increment keys count as provided only when not null.
 */
export type ProvidedMask = (obj: Record<string, unknown>) => number | string;

/** Generates a model's `ProvidedMask`. */
export function makeProvidedMask(columns: readonly MappedColumn[]): ProvidedMask {
  const test = (c: MappedColumn) => (c.autoIncrement ? `o${key(c.prop)} != null` : `o${key(c.prop)} !== undefined`);
  const body =
    columns.length <= 30
      ? `return ${columns.map((c, i) => `(${test(c)} ? ${2 ** i} : 0)`).join(' | ') || '0'};`
      : `return ${columns.map((c) => `(${test(c)} ? '1' : '0')`).join(' + ')};`;
  return new Function(`return function providedMask(o) {\n  ${body}\n};`)() as ProvidedMask;
}

/**
 * Validates and encodes the provided columns of `objs[start..end)` into `params`, row
 * after row. `fail(index, column, value)` throws the ValidationError.
 */
export type FillParams = (
  objs: readonly object[],
  start: number,
  end: number,
  params: unknown[],
  fail: (index: number, column: MappedColumn, value: unknown) => never,
) => void;

/** Generates the INSERT parameter filler for one set of provided columns. */
export function makeFillParams(columns: readonly MappedColumn[], provided: readonly MappedColumn[]): FillParams {
  const lines = provided.map((c) => {
    const i = columns.indexOf(c);
    const nullCheck = c.nullable || c.autoIncrement ? '' : `fail(i, C[${i}], v); `;
    return (
      `    v = o${key(c.prop)};\n` +
      `    if (v === null || v === undefined) { ${nullCheck}params[k++] = null; }\n` +
      `    else { if (!${accepts(c, i)}) fail(i, C[${i}], v); params[k++] = ${c.encodeAsIs ? 'v' : `C[${i}].encode(v)`}; }`
    );
  });
  return new Function(
    'C',
    `return function fillParams(objs, start, end, params, fail) {\n  let k = 0, v;\n  for (let i = start; i < end; i++) {\n    const o = objs[i];\n${lines.join('\n')}\n  }\n};`,
  )(columns) as FillParams;
}

/** An expression true when `v` (not null) is valid for column `i`: the inline shortcut, else the validator. */
function accepts(c: MappedColumn, i: number): string {
  const fast = fastAcceptExpression(c.type);
  const full = `C[${i}].validate(v) === null`;
  return fast === null ? `(${full})` : `(${fast} || ${full})`;
}

/**
 * What `session.add()` does to an object: fills literal defaults where the property is
 * undefined, then checks every present value; returns the index of the first bad column
 * or -1.
 */
export type OnAdd = (obj: Record<string, unknown>) => number;

/** Generates a model's `OnAdd`; `defaultOf` gives a literal default's value. */
export function makeOnAdd(columns: readonly MappedColumn[], defaultOf: (column: MappedColumn) => unknown): OnAdd {
  const defaults = columns
    .map((c, i) => (c.literalDefault ? `  if (o${key(c.prop)} === undefined) o${key(c.prop)} = defaultOf(C[${i}]);` : ''))
    .filter(Boolean);
  const checks = columns.map((c, i) => {
    const nullCheck = c.nullable || c.autoIncrement ? '' : `return ${i};`;
    return `  v = o${key(c.prop)};\n  if (v === null) { ${nullCheck} } else if (v !== undefined && !${accepts(c, i)}) return ${i};`;
  });
  return new Function(
    'C',
    'defaultOf',
    `return function onAdd(o) {\n${defaults.join('\n')}\n  let v;\n${checks.join('\n')}\n  return -1;\n};`,
  )(columns, defaultOf) as OnAdd;
}

/**
 * A plain row's provided-mask (as `ProvidedMask` gives it), or -1 when the row is no
 * object, an array, or has an enumerable property that is no column property: one pass
 * over its keys (`session.insertMany()` refuses rows with typos rather than dropping the
 * value). Null past 30 columns (the mask is then a string): check with `UnknownProp` then.
 */
export type RowMask = (row: unknown) => number;

/** Generates a model's `RowMask`, or null past 30 columns. */
export function makeRowMask(columns: readonly MappedColumn[]): RowMask | null {
  if (columns.length > 30) return null;
  const cases = columns.map((c, i) => {
    const test = c.autoIncrement ? `o${key(c.prop)} != null` : `o${key(c.prop)} !== undefined`;
    return `      case ${JSON.stringify(c.prop)}:\n        if (${test}) m |= ${2 ** i};\n        continue;`;
  });
  return new Function(
    `return function rowMask(o) {\n  if (typeof o !== 'object' || o === null || Array.isArray(o)) return -1;\n  let m = 0;\n  for (const k in o) {\n    switch (k) {\n${cases.join('\n')}\n      default:\n        return -1;\n    }\n  }\n  return m;\n};`,
  )() as RowMask;
}

/** The first enumerable property of a row that is no column property, or null. */
export type UnknownProp = (row: object) => string | null;

/** Generates a model's `UnknownProp`: a switch over the column properties. */
export function makeUnknownProp(columns: readonly MappedColumn[]): UnknownProp {
  const cases = columns.map((c) => `      case ${JSON.stringify(c.prop)}:`).join('\n');
  return new Function(`return function unknownProp(o) {\n  for (const k in o) {\n    switch (k) {\n${cases}\n        continue;\n      default:\n        return k;\n    }\n  }\n  return null;\n};`)() as UnknownProp;
}
