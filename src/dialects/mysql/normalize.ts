import { isPlainIndex, keyColumns, renameKeyColumns } from '../../schema/index-keys.js';
import type { Column, ColumnType, DefaultValue, Index, ReferentialAction, Schema, Table } from '../../schema/ir.js';
import { makeSchema } from '../../schema/ir.js';
import { normalizeColumnCommon, sortTableParts } from '../shared/normalize.js';
import { mysqlIndexKeys, mysqlIndexMethod } from './ddl.js';
import { canonicalMysqlExpression } from './expressions.js';
import { shortenSchemaNames } from './names.js';
import { DEFAULT_DECIMAL, DEFAULT_VARCHAR_LENGTH, parseMysqlType } from './types.js';

/**
 * Makes model IR and introspected MySQL IR comparable:
 * - types as MySQL stores them: custom text re-read (`customType('char(36)')` is a uuid),
 *   varchar without length is varchar(255), DECIMAL without precision is (10, 0), no
 *   timestamp keeps a time zone, enums are inline (their names are not stored);
 * - a unique index and a UNIQUE constraint are the same thing: both are constraints;
 * - the primary key is always PRIMARY (no name); its columns are NOT NULL;
 * - RESTRICT and NO ACTION are one action in InnoDB: both read as 'no action';
 * - CHECK and default expressions canonical, undoing the servers' rewrites;
 * - index and constraint names shortened to 64 characters as DDL writes them (a collision
 *   is a ModelError); column references spelled as their columns are (names are case-insensitive).
 */
export function normalizeMysql(schema: Schema): Schema {
  const tables = shortenSchemaNames(schema);
  const byName = new Map(tables.map((t) => [t.name, t]));
  const byLowerName = new Map(tables.map((t) => [t.name.toLowerCase(), t]));
  const resolveTable = (name: string): Table | undefined => byName.get(name) ?? byLowerName.get(name.toLowerCase());
  return makeSchema(tables.map((t) => sortTableParts(normalizeTable(t, resolveTable))));
}

function normalizeTable(t: Table, resolveTable: (name: string) => Table | undefined): Table {
  const spell = columnSpeller(t);
  const pk = t.primaryKey ? t.primaryKey.columns.map(spell) : null;
  const columns = t.columns.map((c): Column => {
    const type = normalizeType(c.type);
    const col = normalizeColumnCommon({ ...c, type, nullable: c.nullable && !pk?.includes(c.name), default: rewriteExpression(c.default) });
    return { ...col, default: canonicalTimestampDefault(col.default, type) };
  });
  // Unique indexes over plain columns are the same thing as UNIQUE constraints (see introspection).
  const asConstraint = (i: Index) => i.unique && isPlainIndex(i);
  const indexes = t.indexes.map((i) => withoutMethod(t.name, i));
  const uniqueIndexes = indexes.filter(asConstraint);
  return {
    ...t,
    comment: t.comment === '' ? null : t.comment,
    columns,
    primaryKey: pk ? { name: null, columns: pk } : null,
    indexes: indexes
      .filter((i) => !asConstraint(i))
      .map((i) => ({ ...renameKeyColumns(i, spell), where: i.where === null ? null : canonicalMysqlExpression(i.where) })),
    uniques: [...t.uniques, ...uniqueIndexes.map((i) => ({ name: i.name, columns: keyColumns(i) }))].map((u) => ({ name: u.name, columns: u.columns.map(spell) })),
    checks: t.checks.map((c) => ({ ...c, expression: canonicalMysqlExpression(c.expression) })),
    foreignKeys: t.foreignKeys.map((fk) => {
      const target = resolveTable(fk.refTable);
      const spellRef = target ? columnSpeller(target) : (c: string) => c;
      return {
        ...fk,
        columns: fk.columns.map(spell),
        refTable: target?.name ?? fk.refTable,
        refColumns: fk.refColumns.map(spellRef),
        onDelete: innodbAction(fk.onDelete),
        onUpdate: innodbAction(fk.onUpdate),
      };
    }),
  };
}

/** InnoDB builds every index as a B-tree whatever USING says (and reports BTREE): the method is checked, then left out. */
function withoutMethod(table: string, declared: Index): Index {
  const i = mysqlIndexKeys(table, declared);
  if (i.using === undefined) return i;
  mysqlIndexMethod(table, i);
  const { using: _using, ...rest } = i;
  return rest;
}

/** A type as MySQL stores it (see normalizeMysql). */
function normalizeType(type: ColumnType): ColumnType {
  switch (type.kind) {
    case 'custom':
      return parseMysqlType(type.sql);
    case 'varchar':
      return type.length === null ? { kind: 'varchar', length: DEFAULT_VARCHAR_LENGTH } : type;
    case 'numeric':
      return type.precision === null ? { kind: 'numeric', ...DEFAULT_DECIMAL } : { kind: 'numeric', precision: type.precision, scale: type.scale ?? 0 };
    case 'timestamp':
      return { kind: 'timestamp', withTimezone: false };
    case 'enum':
      // MySQL strips trailing spaces from enum values.
      return { kind: 'enum', name: '', values: type.values.map((v) => v.replace(/ +$/, '')) };
    default:
      return type;
  }
}

/** Column names are case-insensitive in MySQL: references take the column's own spelling. */
function columnSpeller(t: Table): (name: string) => string {
  const names = new Map(t.columns.map((c) => [c.name.toLowerCase(), c.name]));
  return (name) => names.get(name.toLowerCase()) ?? name;
}

/** InnoDB treats RESTRICT and NO ACTION alike (both checked at once), and reports either. */
const innodbAction = (a: ReferentialAction): ReferentialAction => (a === 'restrict' ? 'no action' : a);

function rewriteExpression(def: DefaultValue | null): DefaultValue | null {
  return def?.kind === 'expression' ? { kind: 'expression', sql: canonicalMysqlExpression(def.sql) } : def;
}

/** DATETIME(6) reports a literal default with all six fractional digits. */
function canonicalTimestampDefault(def: DefaultValue | null, type: ColumnType): DefaultValue | null {
  if (def?.kind !== 'literal' || type.kind !== 'timestamp' || typeof def.value !== 'string') return def;
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?$/.exec(def.value.trim());
  if (!m) return def;
  const fraction = (m[5] ?? '').replace(/0+$/, '');
  return { kind: 'literal', value: `${m[1]} ${m[2]}:${m[3]}:${m[4] ?? '00'}${fraction ? `.${fraction}` : ''}` };
}
