/**
 * Rename decisions for autogenerate, from model hints (`renamedFrom`), `--rename` /
 * `--no-rename` flags and answers to prompts, merged into the `RenameDecisions` that
 * `diff()` takes. The flag that settles a candidate is spelled out so a refusal can
 * print it.
 */
import type { RenameCandidate, RenameDecisions } from '../diff/diff.js';
import { UsageError } from '../errors.js';
import type { RenameHints } from '../schema/to-schema.js';

/** A parsed `--rename` / `--no-rename` value. */
export type RenameSpec =
  | { readonly kind: 'table'; readonly from: string; readonly to: string }
  | { readonly kind: 'column'; readonly table: string; readonly from: string; readonly to: string };

const NAME = '[^.=\\s]+';
const TABLE_SPEC = new RegExp(`^(${NAME})=(${NAME})$`);
const COLUMN_SPEC = new RegExp(`^(${NAME})\\.(${NAME})=(${NAME})$`);

/**
 * `persons=people` (a table) or `users.fullname=name` (a column of the table, named by
 * its new name). Anything else is a UsageError showing both forms.
 */
export function parseRenameSpec(spec: string, flag = '--rename'): RenameSpec {
  const s = spec.trim();
  const col = COLUMN_SPEC.exec(s);
  if (col) return { kind: 'column', table: col[1]!, from: col[2]!, to: col[3]! };
  const tbl = TABLE_SPEC.exec(s);
  if (tbl) return { kind: 'table', from: tbl[1]!, to: tbl[2]! };
  throw new UsageError(`${flag} '${spec}': expected old=new for a table (${flag} persons=people) or table.old=new for a column (${flag} users.fullname=name)`);
}

/** The decline key `diff()` uses: the new table name, or `table.newColumn`. */
export function declineKey(c: { kind: 'table' | 'column'; table: string | null; to: string }): string {
  return c.kind === 'table' ? c.to : `${c.table}.${c.to}`;
}

const specOf = (c: RenameCandidate): string => (c.kind === 'table' ? `${c.from}=${c.to}` : `${c.table}.${c.from}=${c.to}`);

/** The two flags that settle a candidate: rename it, or drop and add. */
export function flagsFor(c: RenameCandidate): { readonly rename: string; readonly dropAdd: string } {
  return { rename: `--rename ${specOf(c)}`, dropAdd: `--no-rename ${specOf(c)}` };
}

/** `users.fullname → users.name` / `table persons → people`, for prompts and messages. */
export function candidateText(c: RenameCandidate): string {
  return c.kind === 'table' ? `table ${c.from} → ${c.to}` : `column ${c.table}.${c.from} → ${c.table}.${c.to}`;
}

interface MutableDecisions {
  tables: Map<string, string>;
  columns: Map<string, Map<string, string>>;
  declined: Set<string>;
}

function mutable(d: RenameDecisions): MutableDecisions {
  return {
    tables: new Map(d.tables),
    columns: new Map([...d.columns].map(([t, m]) => [t, new Map(m)])),
    declined: new Set(d.declined ?? []),
  };
}

function addRename(d: MutableDecisions, s: RenameSpec, source: string): void {
  if (s.kind === 'table') {
    const prev = d.tables.get(s.to);
    if (prev !== undefined && prev !== s.from) throw new UsageError(`${source}: table ${s.to} is said to be renamed from both '${prev}' and '${s.from}'`);
    d.tables.set(s.to, s.from);
  } else {
    let m = d.columns.get(s.table);
    if (!m) d.columns.set(s.table, (m = new Map()));
    const prev = m.get(s.to);
    if (prev !== undefined && prev !== s.from) throw new UsageError(`${source}: column ${s.table}.${s.to} is said to be renamed from both '${prev}' and '${s.from}'`);
    m.set(s.to, s.from);
  }
}

/**
 * Decisions from model hints and flags. A flag overrides a hint; renaming and declining
 * the same thing is a UsageError.
 */
export function renameDecisions(hints: RenameHints | null, flags: { rename?: readonly string[]; noRename?: readonly string[] } = {}): RenameDecisions {
  const d: MutableDecisions = { tables: new Map(hints?.tables ?? []), columns: new Map([...(hints?.columns ?? [])].map(([t, m]) => [t, new Map(m)])), declined: new Set() };
  const declines = (flags.noRename ?? []).map((s) => parseRenameSpec(s, '--no-rename'));
  for (const s of declines) {
    const key = declineKey({ kind: s.kind, table: s.kind === 'column' ? s.table : null, to: s.to });
    d.declined.add(key);
    // A flag beats a model hint.
    if (s.kind === 'table' && d.tables.get(s.to) === s.from) d.tables.delete(s.to);
    if (s.kind === 'column' && d.columns.get(s.table)?.get(s.to) === s.from) d.columns.get(s.table)!.delete(s.to);
  }
  for (const spec of flags.rename ?? []) {
    const s = parseRenameSpec(spec, '--rename');
    const key = declineKey({ kind: s.kind, table: s.kind === 'column' ? s.table : null, to: s.to });
    if (d.declined.has(key)) throw new UsageError(`both --rename and --no-rename for ${spec}: choose one`);
    if (s.kind === 'table' && d.tables.has(s.to)) d.tables.delete(s.to);
    if (s.kind === 'column') d.columns.get(s.table)?.delete(s.to);
    addRename(d, s, `--rename ${spec}`);
  }
  return d;
}

/** The decisions plus one answer: rename (true) or drop and add (false). */
export function withAnswer(decisions: RenameDecisions, c: RenameCandidate, rename: boolean): RenameDecisions {
  const d = mutable(decisions);
  if (rename) addRename(d, c.kind === 'table' ? { kind: 'table', from: c.from, to: c.to } : { kind: 'column', table: c.table ?? '', from: c.from, to: c.to }, 'answer');
  else d.declined.add(declineKey(c));
  return d;
}
