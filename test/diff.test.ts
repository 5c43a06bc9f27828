import { describe, expect, it } from 'vitest';
import type { AnyModel, ColumnRef, Dialect, Operation } from '../src/index.js';
import { bigint, boolean, customType, enumType, integer, renameHints, table, text, toSchema, uuid, varchar } from '../src/index.js';
import { sqliteDialect } from '../src/dialects/sqlite/index.js';
import { mapTables } from '../src/dialects/shared/normalize.js';
import type { RenameDecisions } from '../src/diff/diff.js';
import { diff } from '../src/diff/diff.js';

/** A dialect with named enums and comments; normalization only sorts. */
const pgLike: Dialect = {
  ...sqliteDialect,
  capabilities: { ...sqliteDialect.capabilities, namedEnums: true, comments: true, forwardForeignKeys: false },
  normalize: (s) => mapTables(s, (t) => t),
};

const run = (from: AnyModel[], to: AnyModel[], options: { dialect?: Dialect; renames?: RenameDecisions } = {}) =>
  diff(toSchema(from), toSchema(to), { dialect: options.dialect ?? sqliteDialect, renames: options.renames });

/** `kind table.detail` per operation, to read the order at a glance. */
function summary(ops: readonly Operation[]): string[] {
  return ops.map((op) => {
    switch (op.kind) {
      case 'createTable':
      case 'dropTable':
        return `${op.kind} ${op.table.name}`;
      case 'renameTable':
        return `renameTable ${op.from}>${op.to}`;
      case 'addColumn':
      case 'dropColumn':
        return `${op.kind} ${op.table}.${op.column.name}`;
      case 'alterColumn':
        return `alterColumn ${op.table}.${op.before.name}`;
      case 'renameColumn':
        return `renameColumn ${op.table}.${op.from}>${op.to}`;
      case 'createIndex':
      case 'dropIndex':
        return `${op.kind} ${op.table}.${op.index.name}`;
      case 'addConstraint':
      case 'dropConstraint':
        return `${op.kind} ${op.table}.${op.constraint.type}:${op.constraint.name ?? ''}`;
      case 'setTableComment':
        return `setTableComment ${op.table}`;
      case 'createEnum':
      case 'dropEnum':
        return `${op.kind} ${op.enum.name}`;
      case 'alterEnum':
        return `alterEnum ${op.before.name}`;
      default:
        return op.kind;
    }
  });
}

const decisions = (tables: Record<string, string>, columns: Record<string, Record<string, string>> = {}, declined: string[] = []): RenameDecisions => ({
  tables: new Map(Object.entries(tables)),
  columns: new Map(Object.entries(columns).map(([t, m]) => [t, new Map(Object.entries(m))])),
  declined: new Set(declined),
});

const Users = table('users', { id: integer().primaryKey(), email: varchar(255).notNull() });

describe('diff: no false positives', () => {
  it('finds nothing between a schema and itself', () => {
    expect(run([Users], [Users])).toEqual({ operations: [], ambiguities: [], renames: [] });
  });

  it('compares through normalization: equivalent spellings are equal', () => {
    const a = table('t', { id: integer().primaryKey(), n: customType('NVARCHAR(10)'), f: boolean().default(true) }, (t) => [t.check('ck_x', "n <> ''")]);
    const b = table('t', { id: integer().primaryKey({ autoIncrement: false }), n: varchar(10), f: boolean().default(true) }, (t) => [t.check('ck_x', "(N  <>  '')")]);
    // SQLite reports a boolean default as 1.
    const live = toSchema([a]);
    const reported = { tables: [{ ...live.tables[0]!, columns: live.tables[0]!.columns.map((c) => (c.name === 'f' ? { ...c, default: { kind: 'literal' as const, value: 1 } } : c)) }] };
    expect(diff(reported, toSchema([b]), { dialect: sqliteDialect }).operations).toEqual([]);
  });
});

describe('diff: tables', () => {
  it('creates new tables from the model IR as written, referenced tables first', () => {
    const Posts = table('posts', { id: uuid().primaryKey(), author: integer().references(() => Authors.c.id), mood: enumType('mood', ['ok']) });
    const Authors = table('authors', { id: integer().primaryKey() });
    const { operations } = run([], [Posts, Authors]);
    expect(summary(operations)).toEqual(['createTable authors', 'createTable posts']);
    const posts = operations[1]!.kind === 'createTable' ? operations[1]!.table : null;
    expect(posts?.columns.map((c) => c.type)).toEqual([{ kind: 'uuid' }, { kind: 'integer' }, { kind: 'enum', name: 'mood', values: ['ok'] }]);
  });

  it('drops tables with their before-state, dependents first', () => {
    const Parent = table('parent', { id: integer().primaryKey() });
    const Child = table('child', { id: integer().primaryKey(), p: integer().references(() => Parent.c.id) });
    const { operations } = run([Parent, Child], []);
    expect(summary(operations)).toEqual(['dropTable child', 'dropTable parent']);
    expect(operations[0]).toEqual({ kind: 'dropTable', table: toSchema([Parent, Child]).tables[0] });
  });

  it('drops a foreign key closing a cycle before dropping the tables', () => {
    const A = table('a', { id: integer().primaryKey(), b: integer().references((): ColumnRef => B.c.id) });
    const B = table('b', { id: integer().primaryKey(), a: integer().references(() => A.c.id) });
    expect(summary(run([A, B], []).operations)).toEqual(['dropConstraint a.foreignKey:fk_a_b_b', 'dropTable b', 'dropTable a']);
  });

  it('adds a foreign key closing a cycle after both tables where the database needs it', () => {
    const A = table('a', { id: integer().primaryKey(), b: integer().references((): ColumnRef => B.c.id) });
    const B = table('b', { id: integer().primaryKey(), a: integer().references(() => A.c.id) });
    expect(summary(run([], [A, B]).operations)).toEqual(['createTable a', 'createTable b']);
    const ops = run([], [A, B], { dialect: pgLike }).operations;
    expect(summary(ops)).toEqual(['createTable a', 'createTable b', 'addConstraint a.foreignKey:fk_a_b_b']);
    expect(ops[0]!.kind === 'createTable' && ops[0]!.table.foreignKeys).toEqual([]);
  });

  it('sets table comments only where the database keeps them', () => {
    const a = table('t', { id: integer().primaryKey() });
    const b = table('t', { id: integer().primaryKey() }, { comment: 'People' });
    expect(run([a], [b]).operations).toEqual([]);
    expect(run([a], [b], { dialect: pgLike }).operations).toEqual([{ kind: 'setTableComment', table: 't', before: null, after: 'People' }]);
  });
});

describe('diff: columns', () => {
  const base = table('t', { id: integer().primaryKey(), a: integer(), b: text().notNull() });

  it('adds and drops columns', () => {
    const next = table('t', { id: integer().primaryKey(), b: text().notNull(), c: boolean().default(false) });
    const { operations, ambiguities } = run([base], [next]);
    expect(summary(operations)).toEqual(['addColumn t.c', 'dropColumn t.a']);
    expect(ambiguities).toEqual([]); // integer and boolean are no plausible rename
  });

  it.each<[string, AnyModel]>([
    ['type', table('t', { id: integer().primaryKey(), a: bigint(), b: text().notNull() })],
    ['nullability', table('t', { id: integer().primaryKey(), a: integer().notNull(), b: text().notNull() })],
    ['literal default', table('t', { id: integer().primaryKey(), a: integer().default(3), b: text().notNull() })],
    ['server default', table('t', { id: integer().primaryKey(), a: integer().serverDefault('(1 + 2)'), b: text().notNull() })],
  ])('alters a column whose %s changes, before-state from the live side', (_what, next) => {
    const { operations } = run([base], [next]);
    expect(summary(operations)).toEqual(['alterColumn t.a']);
    const op = operations[0]!;
    expect(op.kind === 'alterColumn' && [op.before, op.after]).toEqual([toSchema([base]).tables[0]!.columns[1], toSchema([next]).tables[0]!.columns[1]]);
  });

  it('reports auto-increment changes and primary key changes', () => {
    const next = table('t', { id: integer(), a: integer().notNull(), b: text().notNull() }, (t) => [t.primaryKey([t.c.id, t.c.a])]);
    expect(summary(run([base], [next]).operations)).toEqual(['dropConstraint t.primaryKey:', 'alterColumn t.id', 'alterColumn t.a', 'addConstraint t.primaryKey:']);
  });

  it('reports column comments only where the database keeps them', () => {
    const next = table('t', { id: integer().primaryKey(), a: integer().comment('why'), b: text().notNull() });
    expect(run([base], [next]).operations).toEqual([]);
    expect(summary(run([base], [next], { dialect: pgLike }).operations)).toEqual(['alterColumn t.a']);
  });
});

describe('diff: indexes and constraints', () => {
  const base = table('t', { id: integer().primaryKey(), a: integer().index(), b: integer(), c: integer().unique() }, (t) => [
    t.index('ix_ab', [t.c.a, t.c.b]),
    t.check('ck_b', 'b > 0'),
  ]);

  it('drops a changed index before adding it again (unique, composite, partial)', () => {
    const next = table('t', { id: integer().primaryKey(), a: integer().index(), b: integer(), c: integer().unique() }, (t) => [
      t.uniqueIndex('ix_ab', [t.c.b, t.c.a], { where: 'a > 0' }),
      t.check('ck_b', 'b > 0'),
    ]);
    expect(summary(run([base], [next]).operations)).toEqual(['dropIndex t.ix_ab', 'createIndex t.ix_ab']);
  });

  it('adds and drops indexes, unique constraints and checks', () => {
    const next = table('t', { id: integer().primaryKey(), a: integer(), b: integer().unique(), c: integer() }, (t) => [
      t.index('ix_ab', [t.c.a, t.c.b]),
      t.check('ck_b', 'b > 1'),
      t.check('ck_c', 'c < 9'),
    ]);
    expect(summary(run([base], [next]).operations)).toEqual([
      'dropIndex t.ix_t_a',
      'dropConstraint t.unique:uq_t_c',
      'dropConstraint t.check:ck_b',
      'addConstraint t.unique:uq_t_b',
      'addConstraint t.check:ck_b',
      'addConstraint t.check:ck_c',
    ]);
  });

  it('changes foreign keys, including ON DELETE and ON UPDATE', () => {
    const P = table('p', { id: integer().primaryKey() });
    const a = table('c', { id: integer().primaryKey(), p: integer().references(() => P.c.id), q: integer() });
    const b = table('c', { id: integer().primaryKey(), p: integer().references(() => P.c.id, { onDelete: 'cascade', onUpdate: 'restrict' }), q: integer().references('p.id') });
    const { operations } = run([P, a], [P, b]);
    expect(summary(operations)).toEqual(['dropConstraint c.foreignKey:fk_c_p_p', 'addConstraint c.foreignKey:fk_c_p_p', 'addConstraint c.foreignKey:fk_c_q_p']);
    const add = operations[1]!;
    expect(add.kind === 'addConstraint' && add.constraint.type === 'foreignKey' && [add.constraint.onDelete, add.constraint.onUpdate]).toEqual(['cascade', 'restrict']);
  });
});

describe('diff: enums', () => {
  const a = table('t', { id: integer().primaryKey(), m: enumType('mood', ['sad', 'ok']), n: enumType('mood', ['sad', 'ok']) });
  const b = table('t', { id: integer().primaryKey(), m: enumType('mood', ['sad', 'ok', 'glad']), n: enumType('mood', ['sad', 'ok', 'glad']) });

  it('is a change of column type where enums are inline (SQLite)', () => {
    expect(summary(run([a], [b]).operations)).toEqual(['alterColumn t.m', 'alterColumn t.n']);
  });

  it('is one alterEnum per named type, shared by several columns, where enums are types', () => {
    expect(run([a], [b], { dialect: pgLike }).operations).toEqual([{ kind: 'alterEnum', before: { name: 'mood', values: ['sad', 'ok'] }, after: { name: 'mood', values: ['sad', 'ok', 'glad'] } }]);
  });

  it('drops a default its altered enum no longer has before the alterEnum, and sets the new one after', () => {
    const from = table('t', { id: integer().primaryKey(), m: enumType('mood', ['sad', 'ok']).default('sad'), n: enumType('mood', ['sad', 'ok']).default('sad') });
    const to = table('t', { id: integer().primaryKey(), m: enumType('mood', ['ok', 'glad']).default('glad'), n: enumType('mood', ['ok', 'glad']) });
    const ops = run([from], [to], { dialect: pgLike }).operations;
    expect(summary(ops)).toEqual(['alterColumn t.m', 'alterColumn t.n', 'alterEnum mood', 'alterColumn t.m']);
    const defaults = ops.flatMap((op) => (op.kind === 'alterColumn' ? [[op.before.default, op.after.default]] : []));
    const lit = (value: string) => ({ kind: 'literal', value });
    expect(defaults).toEqual([[lit('sad'), null], [lit('sad'), null], [null, lit('glad')]]);
  });

  it('creates a type before its first use and drops it after its last', () => {
    const c = table('u', { id: integer().primaryKey(), s: enumType('state', ['on', 'off']) });
    expect(summary(run([a], [c], { dialect: pgLike }).operations)).toEqual(['dropTable t', 'createEnum state', 'createTable u', 'dropEnum mood']);
  });
});

describe('diff: renames are decided, never guessed', () => {
  const Persons = table('persons', { id: integer().primaryKey(), fullname: varchar(100), age: integer() });
  const Pets = table('pets', { id: integer().primaryKey(), owner: integer().references(() => Persons.c.id) });
  const People = table('people', { id: integer().primaryKey(), name: varchar(200).renamedFrom('fullname'), age: integer() }, { renamedFrom: 'persons' });
  const Pets2 = table('pets', { id: integer().primaryKey(), owner: integer().references(() => People.c.id, { name: 'fk_pets_owner_persons' }) });

  it('without a decision, a drop and an add are candidates, and meanwhile drop + create', () => {
    const { operations, ambiguities } = run([Persons], [People]);
    expect(summary(operations)).toEqual(['dropTable persons', 'createTable people']);
    expect(ambiguities).toEqual([{ kind: 'table', table: null, from: 'persons', to: 'people' }]);
  });

  it('a decided table rename renames, then diffs the contents; references follow it', () => {
    const result = run([Persons, Pets], [People, Pets2], { renames: renameHints([People, Pets2]) });
    expect(summary(result.operations)).toEqual(['renameTable persons>people', 'renameColumn people.fullname>name', 'alterColumn people.name']);
    expect(result.ambiguities).toEqual([]);
    expect(result.renames).toEqual([
      { kind: 'table', table: null, from: 'persons', to: 'people' },
      { kind: 'column', table: 'people', from: 'fullname', to: 'name' },
    ]);
    const alter = result.operations[2]!;
    expect(alter.kind === 'alterColumn' && [alter.before.name, alter.before.type, alter.after.type]).toEqual(['name', { kind: 'varchar', length: 100 }, { kind: 'varchar', length: 200 }]);
  });

  it('column candidates need compatible types and can be declined', () => {
    const a = table('t', { id: integer().primaryKey(), x: varchar(10), y: integer() });
    const b = table('t', { id: integer().primaryKey(), z: text(), w: boolean() });
    expect(run([a], [b]).ambiguities).toEqual([{ kind: 'column', table: 't', from: 'x', to: 'z' }]);
    expect(run([a], [b], { renames: decisions({}, {}, ['t.z']) }).ambiguities).toEqual([]);
    expect(summary(run([a], [b], { renames: decisions({}, { t: { z: 'x' } }) }).operations)).toEqual([
      'renameColumn t.x>z',
      'addColumn t.w',
      'alterColumn t.z',
      'dropColumn t.y',
    ]);
  });

  it('ignores a decision that no longer applies (a hint left after its migration ran)', () => {
    expect(run([People], [People], { renames: renameHints([People]) })).toEqual({ operations: [], ambiguities: [], renames: [] });
  });

  it('drops what names a renamed column before the rename and re-adds it after', () => {
    const a = table('t', { id: integer().primaryKey(), x: integer() }, (t) => [t.check('ck_pos', 'x > 0'), t.index('ix_x', [t.c.x], { where: 'x > 0' }), t.index('ix_plain', [t.c.x])]);
    const b = table('t', { id: integer().primaryKey(), y: integer().renamedFrom('x') }, (t) => [t.check('ck_pos', 'y > 0'), t.index('ix_x', [t.c.y], { where: 'y > 0' }), t.index('ix_plain', [t.c.y])]);
    expect(summary(run([a], [b], { renames: renameHints([b]) }).operations)).toEqual([
      'dropIndex t.ix_x',
      'dropConstraint t.check:ck_pos',
      'renameColumn t.x>y',
      'addConstraint t.check:ck_pos',
      'createIndex t.ix_x',
    ]);
  });
});

describe('diff: order of a migration that touches everything', () => {
  it('drops foreign keys and tables first, adds foreign keys last, drops columns and enum types at the end', () => {
    const P = table('p', { id: integer().primaryKey(), gone: integer(), m: enumType('m1', ['a']) });
    const C = table('c', { id: integer().primaryKey(), p: integer().references(() => P.c.id) });
    const Old = table('old', { id: integer().primaryKey(), c: integer().references(() => C.c.id) });
    const P2 = table('p', { id: integer().primaryKey(), m: enumType('m2', ['a']) });
    const N = table('n', { id: integer().primaryKey(), p: integer().references(() => P2.c.id) });
    const C2 = table('c', { id: integer().primaryKey(), p: integer().references(() => P2.c.id, { onDelete: 'cascade' }), n: integer().references(() => N.c.id) });
    expect(summary(run([P, C, Old], [P2, C2, N], { dialect: pgLike, renames: decisions({}, {}, ['n']) }).operations)).toEqual([
      'dropConstraint c.foreignKey:fk_c_p_p',
      'dropTable old',
      'createEnum m2',
      'addColumn c.n',
      'alterColumn p.m',
      'createTable n',
      'addConstraint c.foreignKey:fk_c_n_n',
      'addConstraint c.foreignKey:fk_c_p_p',
      'dropColumn p.gone',
      'dropEnum m1',
    ]);
  });
});
