/**
 * The `ignore` patterns: database objects ormkit does not manage (PostGIS's
 * `spatial_ref_sys`, another service's tables, an index a DBA added by hand). Every
 * command that compares a database with the models takes them out here, before the
 * diff, so an ignored table is never dropped, altered, or offered as a rename candidate.
 *
 * A pattern is a glob (`*`: any run of characters, `?`: one character, matched against
 * the whole name, case-sensitively). Without a dot it names tables; `table.object` names
 * indexes, unique, check and foreign key constraints by name within the matching tables.
 * Columns and primary keys cannot be ignored: the diff needs them to compare the table.
 *
 * The live (and replayed) side is filtered (`withoutIgnored`); on the models' side a match
 * is refused (`assertModelsNotIgnored`), which leaves nothing there to filter.
 */
import { ConfigError } from '../errors.js';
import type { Schema, Table } from '../schema/ir.js';
import { makeSchema } from '../schema/ir.js';

/** Compiled patterns; build once with `ignoreRules`. */
export interface IgnoreRules {
  readonly patterns: readonly string[];
  readonly tables: readonly Glob[];
  readonly objects: readonly { readonly table: Glob; readonly object: Glob }[];
}

interface Glob {
  readonly pattern: string;
  readonly re: RegExp;
}

/** What a model declares that a pattern leaves out, as `table` or `table.object`. */
export interface IgnoredModelObject {
  readonly name: string;
  readonly pattern: string;
}

const NONE: IgnoreRules = { patterns: [], tables: [], objects: [] };

/** Why a pattern is not valid, or null. Config validation and `ignoreRules` share it. */
export function ignorePatternProblem(pattern: string): string | null {
  if (pattern.trim() === '') return 'is empty';
  if (pattern.trim() !== pattern) return 'has spaces around it';
  if (pattern.startsWith('!')) return 'starts with !: there is no negation, list only what to ignore';
  const other = /[[\]{}()|\\^$+]/.exec(pattern);
  if (other) return `has '${other[0]}': the only wildcards are * and ?`;
  const parts = pattern.split('.');
  if (parts.length > 2) return "has more than one '.': write table or table.object";
  if (parts.some((p) => p === '')) return "has an empty side of '.': write table or table.object";
  return null;
}

/** Compiles patterns; a ConfigError naming `ignore` for an invalid one. */
export function ignoreRules(patterns: readonly string[] = []): IgnoreRules {
  if (patterns.length === 0) return NONE;
  const tables: Glob[] = [];
  const objects: { table: Glob; object: Glob }[] = [];
  for (const pattern of patterns) {
    const problem = typeof pattern === 'string' ? ignorePatternProblem(pattern) : 'is not a string';
    if (problem) throw new ConfigError(`'ignore' pattern ${JSON.stringify(pattern)} ${problem}`, { key: 'ignore', pattern });
    const dot = pattern.indexOf('.');
    if (dot < 0) tables.push(glob(pattern, pattern));
    else objects.push({ table: glob(pattern, pattern.slice(0, dot)), object: glob(pattern, pattern.slice(dot + 1)) });
  }
  return { patterns: [...patterns], tables, objects };
}

function glob(pattern: string, part: string): Glob {
  const body = part.replace(/[.*?]/g, (c) => (c === '*' ? '.*' : c === '?' ? '.' : '\\.'));
  return { pattern, re: new RegExp(`^${body}$`, 's') };
}

/** The pattern that ignores table `name`, if any. */
export function ignoringTable(rules: IgnoreRules, name: string): string | undefined {
  return rules.tables.find((g) => g.re.test(name))?.pattern;
}

/** The pattern that ignores object `object` of table `table`, if any. */
export function ignoringObject(rules: IgnoreRules, table: string, object: string): string | undefined {
  return rules.objects.find((o) => o.table.re.test(table) && o.object.re.test(object))?.table.pattern;
}

/**
 * The schema without ignored tables and without ignored indexes and constraints of the
 * others. Foreign keys to an ignored table stay: they belong to the table holding them.
 * Returns `schema` itself when nothing is ignored.
 */
export function withoutIgnored(schema: Schema, rules: IgnoreRules): Schema {
  if (rules.patterns.length === 0) return schema;
  let changed = false;
  const tables: Table[] = [];
  for (const t of schema.tables) {
    if (ignoringTable(rules, t.name) !== undefined) {
      changed = true;
      continue;
    }
    const kept = <T extends { readonly name: string }>(list: readonly T[]): readonly T[] => {
      const rest = list.filter((o) => ignoringObject(rules, t.name, o.name) === undefined);
      if (rest.length !== list.length) changed = true;
      return rest.length === list.length ? list : rest;
    };
    tables.push({ ...t, indexes: kept(t.indexes), uniques: kept(t.uniques), checks: kept(t.checks), foreignKeys: kept(t.foreignKeys) });
  }
  return changed ? makeSchema(tables) : schema;
}

/** Model tables, indexes and constraints a pattern would leave out. */
export function ignoredInModels(models: Schema, rules: IgnoreRules): IgnoredModelObject[] {
  const found: IgnoredModelObject[] = [];
  for (const t of models.tables) {
    const table = ignoringTable(rules, t.name);
    if (table !== undefined) {
      found.push({ name: t.name, pattern: table });
      continue;
    }
    for (const o of [...t.indexes, ...t.uniques, ...t.checks, ...t.foreignKeys]) {
      const pattern = ignoringObject(rules, t.name, o.name);
      if (pattern !== undefined) found.push({ name: `${t.name}.${o.name}`, pattern });
    }
  }
  return found;
}

/**
 * Refuses models that declare what `ignore` leaves out. A warning would let such a
 * table go unmanaged (never created by autogenerate) while `orm check` stays green: the
 * silent drift the patterns exist to prevent, pointing the other way.
 */
export function assertModelsNotIgnored(models: Schema, rules: IgnoreRules): void {
  const found = ignoredInModels(models, rules);
  if (found.length === 0) return;
  const list = found.map((f) => `'${f.name}' (pattern '${f.pattern}')`).join(', ');
  throw new ConfigError(`'ignore' leaves out what the models declare: ${list}; narrow the pattern, or rename the model's table or index`, {
    key: 'ignore',
    objects: found,
  });
}
