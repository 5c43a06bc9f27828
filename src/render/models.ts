/**
 * Model source for a schema: what `orm pull` writes so an existing database can be
 * adopted. Loaded and passed through `toSchema`, it normalizes equal to the schema.
 */
import type { Dialect } from '../dialects/dialect.js';
import type { ForeignKey, Schema, Table } from '../schema/ir.js';
import { makeSchema } from '../schema/ir.js';
import { dependencyOrder } from '../schema/dependency-order.js';
import { propertyNames, tableSource } from './table-source.js';
import { Imports, isIdentifier, member, tsString } from './ts-source.js';

/** Options of `renderModels`. */
export interface RenderModelsOptions {
  /**
   * Leave out what this database does not keep (SQLite: primary key names, comments),
   * so the models say no more than the database does.
   */
  readonly dialect?: Dialect;
}

/** Names a model constant must not take: the imports, and globals generated code may use. */
const TAKEN = ['ColumnRef', 'Object', 'Array', 'Buffer', 'Date', 'Number', 'String', 'Boolean', 'Symbol', 'Promise', 'Error', 'JSON', 'Math'];

/** Model source (TypeScript, `import … from 'ormkit'`) describing a schema: what `orm pull` writes. */
export function renderModels(schema: Schema, options: RenderModelsOptions = {}): string {
  const imports = new Imports();
  imports.value('table');
  // Referenced tables first, so most references point back; the rest (cycles, self
  // references) get a return type, which TypeScript needs to type a model that refers
  // to itself through another.
  const { order } = dependencyOrder(schema.tables);
  const names = modelNames(order);
  const position = new Map(order.map((t, i) => [t.name, i]));
  const props = new Map(order.map((t) => [t.name, propertyNames(t.columns)]));

  const target = (fk: ForeignKey, column: string): string | null => {
    const model = names.get(fk.refTable);
    if (model === undefined) return null;
    return member(`${model}.c`, props.get(fk.refTable)?.get(column) ?? column);
  };
  const later = (from: Table, fk: ForeignKey) => (position.get(fk.refTable) ?? -1) >= position.get(from.name)!;

  const blocks = order.map((t) => {
    const references = {
      single: (fk: ForeignKey) => {
        const ref = target(fk, fk.refColumns[0]!);
        if (ref === null) return tsString(`${fk.refTable}.${fk.refColumns[0]!}`);
        return `${later(t, fk) ? `(): ${imports.type('ColumnRef')} => ` : '() => '}${ref}`;
      },
      composite: (fk: ForeignKey) => {
        const refs = fk.refColumns.map((c) => target(fk, c));
        const list = refs.every((r) => r !== null)
          ? refs.join(', ')
          : fk.refColumns.map((c) => `new ${imports.value('ColumnRef')}(${tsString(fk.refTable)}, ${tsString(c)}, ${tsString(c)})`).join(', ');
        return `${later(t, fk) ? `(): ${imports.type('ColumnRef')}[] => ` : '() => '}[${list}]`;
      },
    };
    const keepsPkName = !options.dialect || options.dialect.normalize(makeSchema([t])).tables[0]?.primaryKey?.name != null;
    const comments = !options.dialect || options.dialect.capabilities.comments;
    const src = tableSource(t, { imports, references, primaryKeyName: keepsPkName, comments, exactOrder: false });
    const comment = comments && t.comment !== null ? `{ comment: ${tsString(t.comment)} }` : null;
    const lines = [`export const ${names.get(t.name)!} = table(${tsString(t.name)}, {`, ...src.columns.map((c) => `  ${c},`)];
    if (src.extras.length) lines.push('}, (t) => [', ...src.extras.map((x) => `  ${x},`), `]${comment ? `, ${comment}` : ''});`);
    else lines.push(`}${comment ? `, ${comment}` : ''});`);
    return lines.join('\n');
  });

  const header = [
    '/**',
    ' * Models of the database tables, written by `orm pull`. Edit them freely: the next',
    ' * `orm migrate autogenerate` turns your changes into a migration.',
    ' */',
  ];
  return `${[...header, imports.statement(), '', blocks.join('\n\n')].join('\n')}\n`;
}

/** PascalCase constant names (`invoice_lines` → `InvoiceLines`), unique and never a reserved word. */
function modelNames(tables: readonly Table[]): Map<string, string> {
  const taken = new Set(TAKEN);
  const out = new Map<string, string>();
  for (const t of tables) {
    let base = t.name.replace(/(^|[^A-Za-z0-9]+)([A-Za-z0-9])/g, (_m, _sep, ch: string) => ch.toUpperCase()).replace(/[^A-Za-z0-9]/g, '');
    if (!/^[A-Za-z]/.test(base)) base = `T${base}`;
    if (!isIdentifier(base)) base = `${base}Model`;
    let name = base;
    for (let n = 2; taken.has(name); n++) name = `${base}${n}`;
    taken.add(name);
    out.set(t.name, name);
  }
  return out;
}
