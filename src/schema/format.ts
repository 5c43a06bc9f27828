/**
 * Human renderings of a schema: a text listing for `orm inspect` and a Mermaid
 * `erDiagram` that GitHub renders.
 */
import { keyLabel } from './index-keys.js';
import type { Column, ColumnType, DefaultValue, Schema, Table } from './ir.js';

/** The portable spelling of a type, as the model DSL writes it. */
export function typeLabel(type: ColumnType): string {
  switch (type.kind) {
    case 'numeric':
      return type.precision === null ? 'numeric' : `numeric(${type.precision},${type.scale ?? 0})`;
    case 'varchar':
      return type.length === null ? 'varchar' : `varchar(${type.length})`;
    case 'timestamp':
      return type.withTimezone ? 'timestamptz' : 'timestamp';
    case 'enum':
      return `enum ${type.name}(${type.values.join(',')})`;
    case 'custom':
      return type.sql;
    default:
      return type.kind;
  }
}

export function defaultLabel(d: DefaultValue | null): string {
  if (!d) return '';
  return d.kind === 'literal' ? JSON.stringify(d.value) : d.sql;
}

function columnLine(c: Column, t: Table): string {
  const flags: string[] = [];
  if (t.primaryKey?.columns.includes(c.name)) flags.push('PK');
  if (c.autoIncrement) flags.push('auto');
  if (!c.nullable) flags.push('not null');
  if (c.default) flags.push(`default ${defaultLabel(c.default)}`);
  if (c.comment) flags.push(`-- ${c.comment}`);
  return `    ${c.name}  ${typeLabel(c.type)}${flags.length ? `  ${flags.join(', ')}` : ''}`;
}

export function formatSchemaText(schema: Schema): string {
  if (schema.tables.length === 0) return '(no tables)';
  const out: string[] = [];
  for (const t of schema.tables) {
    out.push(`${t.name}${t.comment ? `  -- ${t.comment}` : ''}`);
    out.push('  columns:');
    for (const c of t.columns) out.push(columnLine(c, t));
    if (t.primaryKey) out.push(`  primary key: (${t.primaryKey.columns.join(', ')})${t.primaryKey.name ? ` ${t.primaryKey.name}` : ''}`);
    for (const u of t.uniques) out.push(`  unique ${u.name} (${u.columns.join(', ')})`);
    for (const i of t.indexes) out.push(`  ${i.unique ? 'unique index' : 'index'} ${i.name}${i.using !== undefined ? ` using ${i.using}` : ''} (${i.keys.map(keyLabel).join(', ')})${i.where ? ` where ${i.where}` : ''}`);
    for (const f of t.foreignKeys) {
      const actions = [f.onDelete !== 'no action' ? `on delete ${f.onDelete}` : '', f.onUpdate !== 'no action' ? `on update ${f.onUpdate}` : ''].filter(Boolean);
      out.push(`  foreign key ${f.name} (${f.columns.join(', ')}) → ${f.refTable} (${f.refColumns.join(', ')})${actions.length ? ` ${actions.join(' ')}` : ''}`);
    }
    for (const ck of t.checks) out.push(`  check ${ck.name}: ${ck.expression}`);
    out.push('');
  }
  return out.join('\n').trimEnd();
}

const mermaidName = (name: string): string => (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(name) ? name : `"${name.replace(/"/g, "'")}"`);
// Mermaid attribute types allow letters, digits, -, _, (), []: nothing else.
const mermaidType = (type: ColumnType): string => typeLabel(type).replace(/^enum .*$/, 'enum').replace(/,/g, '-').replace(/[^A-Za-z0-9_\-()[\]]/g, '_');
const mermaidAttr = (name: string): string => name.replace(/[^A-Za-z0-9_-]/g, '_');

/** A Mermaid entity-relationship diagram of the schema. */
export function formatMermaid(schema: Schema): string {
  const lines = ['erDiagram'];
  for (const t of schema.tables) {
    const fkCols = new Set(t.foreignKeys.flatMap((f) => f.columns));
    const ukCols = new Set(t.uniques.filter((u) => u.columns.length === 1).map((u) => u.columns[0]));
    lines.push(`  ${mermaidName(t.name)} {`);
    for (const c of t.columns) {
      const keys = [t.primaryKey?.columns.includes(c.name) ? 'PK' : '', fkCols.has(c.name) ? 'FK' : '', ukCols.has(c.name) ? 'UK' : ''].filter(Boolean);
      lines.push(`    ${mermaidType(c.type)} ${mermaidAttr(c.name)}${keys.length ? ` ${keys.join(', ')}` : ''}`);
    }
    lines.push('  }');
  }
  for (const t of schema.tables) {
    for (const f of t.foreignKeys) {
      const optional = f.columns.some((name) => t.columns.find((c) => c.name === name)?.nullable);
      lines.push(`  ${mermaidName(f.refTable)} ${optional ? '|o' : '||'}--o{ ${mermaidName(t.name)} : "${f.name.replace(/"/g, "'")}"`);
    }
  }
  return lines.join('\n');
}
