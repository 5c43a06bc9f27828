import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Column, Operation, Schema } from '../src/index.js';
import { createAll, createEngine, MigrationOp, toSchema } from '../src/index.js';
import { renderedDefault } from '../src/render/column-source.js';
import { diff } from '../src/diff/diff.js';
import { applyOperation } from '../src/ops/apply.js';
import { invertAll } from '../src/ops/invert.js';
import type { MigrationSource } from '../src/render/migration.js';
import { renderMigration } from '../src/render/migration.js';
import { makeSchema } from '../src/schema/ir.js';
import { buildModels } from './support/arbitraries.js';
import { importSource, typeCheck } from './support/generated-source.js';
import { schemaPair } from './support/schema-pairs.js';
import { columnKeys } from '../src/schema/index-keys.js';

const RUNS = Math.ceil(Number(process.env.ORM_PROPERTY_RUNS ?? 100) / 4);

interface MigrationModule {
  revision: string;
  downRevision: string | string[] | null;
  message: string;
  upgrade(op: MigrationOp): Promise<void>;
  downgrade(op: MigrationOp): Promise<void>;
}

const source = (upgrade: readonly Operation[], patch: Partial<MigrationSource> = {}): MigrationSource => ({
  revision: 'a1b2c3d4',
  downRevision: null,
  message: 'test migration',
  createdAt: new Date('2025-03-04T05:06:07.000Z'),
  upgrade,
  ...patch,
});

/** Runs a migration function of a rendered file from `schema`; returns what it recorded. */
async function record(mod: MigrationModule, fn: 'upgrade' | 'downgrade', schema: Schema): Promise<Operation[]> {
  const op = new MigrationOp(schema);
  await mod[fn](op);
  return op.operations;
}

/**
 * The operations as a rendered file records them. Two documented differences: a
 * literal default the column's TypeScript type cannot take is written as its
 * normalization-equal form (`renderedDefault`: SQLite's boolean 0/1 becomes true/false),
 * and op.alterColumn derives auto-increment from the column as it was (op-api.ts).
 */
function asRendered(ops: readonly Operation[]): Operation[] {
  const col = (c: Column): Column => ({ ...c, default: renderedDefault(c.type, c.default) });
  return ops.map((op): Operation => {
    switch (op.kind) {
      case 'addColumn':
        return { ...op, column: col(op.column) };
      case 'createTable':
        return { ...op, table: { ...op.table, columns: op.table.columns.map(col) } };
      case 'alterColumn':
        return { ...op, after: { ...col(op.after), autoIncrement: op.before.autoIncrement && op.before.type.kind === op.after.type.kind } };
      default:
        return op;
    }
  });
}

const plain = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

/** A base schema and operations covering every kind the op API can express. */
function everyKind(): { schema: Schema; ops: Operation[] } {
  const schema = makeSchema([
    {
      name: 'users',
      columns: [
        { name: 'id', type: { kind: 'integer' }, nullable: false, default: null, autoIncrement: true, comment: null },
        { name: 'full name', type: { kind: 'varchar', length: 100 }, nullable: true, default: { kind: 'literal', value: "O'Brien \\ \"x\"\n☃" }, autoIncrement: false, comment: null },
        { name: 'mood', type: { kind: 'enum', name: 'mood', values: ['sad', 'ok'] }, nullable: true, default: null, autoIncrement: false, comment: null },
        { name: 'active', type: { kind: 'boolean' }, nullable: false, default: { kind: 'literal', value: true }, autoIncrement: false, comment: null },
      ],
      primaryKey: { name: null, columns: ['id'] },
      indexes: [{ name: 'ix_users_mood', keys: columnKeys(['mood']), unique: false, where: null }],
      uniques: [],
      checks: [],
      foreignKeys: [],
      comment: null,
    },
  ]);
  const ops: Operation[] = [
    {
      kind: 'createTable',
      table: {
        name: 'posts',
        columns: [
          { name: 'id', type: { kind: 'bigint' }, nullable: false, default: null, autoIncrement: true, comment: 'key' },
          { name: 'author_id', type: { kind: 'integer' }, nullable: false, default: null, autoIncrement: false, comment: null },
          { name: 'slug', type: { kind: 'varchar', length: 80 }, nullable: false, default: null, autoIncrement: false, comment: null },
          { name: 'meta', type: { kind: 'json' }, nullable: true, default: { kind: 'literal', value: { tags: ['a', 'b'], 'x y': null } }, autoIncrement: false, comment: null },
          { name: 'price', type: { kind: 'numeric', precision: 10, scale: 2 }, nullable: true, default: { kind: 'literal', value: '9.99' }, autoIncrement: false, comment: null },
          { name: 'at', type: { kind: 'timestamp', withTimezone: true }, nullable: true, default: { kind: 'expression', sql: 'CURRENT_TIMESTAMP' }, autoIncrement: false, comment: null },
          { name: 'kind', type: { kind: 'custom', sql: 'CITEXT' }, nullable: true, default: null, autoIncrement: false, comment: null },
        ],
        primaryKey: { name: 'posts_pkey', columns: ['id'] },
        indexes: [{ name: 'ix_posts_slug_partial', keys: columnKeys(['slug']), unique: true, where: "slug <> ''" }],
        uniques: [{ name: 'uq_posts_author_id_slug', columns: ['author_id', 'slug'] }],
        checks: [{ name: 'ck_posts_price', expression: 'price >= 0' }],
        foreignKeys: [{ name: 'fk_posts_author_id_users', columns: ['author_id'], refTable: 'users', refColumns: ['id'], onDelete: 'cascade', onUpdate: 'set null' }],
        comment: null,
      },
    },
    { kind: 'renameTable', from: 'users', to: 'people' },
    { kind: 'addColumn', table: 'people', column: { name: 'age', type: { kind: 'integer' }, nullable: false, default: { kind: 'literal', value: -0 }, autoIncrement: false, comment: null } },
    {
      kind: 'alterColumn',
      table: 'people',
      before: schema.tables[0]!.columns[1]!,
      after: { name: 'full name', type: { kind: 'text' }, nullable: false, default: null, autoIncrement: false, comment: 'display name' },
    },
    { kind: 'renameColumn', table: 'people', from: 'full name', to: 'name' },
    { kind: 'createIndex', table: 'people', index: { name: 'ix_people_name', keys: columnKeys(['name']), unique: true, where: null } },
    { kind: 'dropIndex', table: 'people', index: schema.tables[0]!.indexes[0]! },
    { kind: 'addConstraint', table: 'people', constraint: { type: 'check', name: 'ck_people_age', expression: "age >= 0 AND name <> ''" } },
    { kind: 'addConstraint', table: 'people', constraint: { type: 'unique', name: 'uq_people_name_age', columns: ['name', 'age'] } },
    { kind: 'renameConstraint', table: 'people', constraint: { type: 'unique', name: 'uq_people_name_age', columns: ['name', 'age'] }, to: 'uq_people_name_and_age' },
    { kind: 'renameIndex', table: 'people', from: 'ix_people_name', to: 'ix_people_by_name' },
    { kind: 'setTableComment', table: 'people', before: null, after: 'People\nwe know' },
    { kind: 'createEnum', enum: { name: 'color', values: ['red', 'it\'s "blue"'] } },
    { kind: 'alterEnum', before: { name: 'mood', values: ['sad', 'ok'] }, after: { name: 'mood', values: ['sad', 'ok', 'glad'] } },
    { kind: 'dropEnum', enum: { name: 'color', values: ['red', 'it\'s "blue"'] } },
    { kind: 'dropConstraint', table: 'posts', constraint: { type: 'foreignKey', name: 'fk_posts_author_id_users', columns: ['author_id'], refTable: 'people', refColumns: ['id'], onDelete: 'cascade', onUpdate: 'set null' } },
    { kind: 'dropConstraint', table: 'posts', constraint: { type: 'primaryKey', name: 'posts_pkey', columns: ['id'] } },
    { kind: 'addConstraint', table: 'posts', constraint: { type: 'primaryKey', name: null, columns: ['id', 'slug'] } },
    {
      kind: 'addConstraint',
      table: 'posts',
      constraint: { type: 'foreignKey', name: 'fk_posts_author', columns: ['author_id'], refTable: 'people', refColumns: ['id'], onDelete: 'restrict', onUpdate: 'no action' },
    },
    {
      kind: 'renameConstraint',
      table: 'posts',
      constraint: { type: 'foreignKey', name: 'fk_posts_author', columns: ['author_id'], refTable: 'people', refColumns: ['id'], onDelete: 'restrict', onUpdate: 'no action' },
      to: 'fk_posts_writer',
    },
    { kind: 'dropColumn', table: 'people', column: schema.tables[0]!.columns[3]! },
    { kind: 'execute', sql: "UPDATE people\nSET age = 1\nWHERE name = `x` AND note = '${y}'", reverse: 'UPDATE people SET age = 0' },
  ];
  return { schema, ops };
}

describe('renderMigration', () => {
  it('writes the header, imports and exports of a migration file', () => {
    const text = renderMigration(
      source([{ kind: 'addColumn', table: 'users', column: { name: 'age', type: { kind: 'integer' }, nullable: true, default: null, autoIncrement: false, comment: null } }], {
        message: 'add age */ to users\nsecond line',
        downRevision: ['b2', 'c3'],
      }),
    );
    expect(text).toContain(' * add age *\\/ to users\n * second line\n');
    expect(text).toContain(' * Revision: a1b2c3d4\n * Parents:  b2, c3\n * Created:  2025-03-04T05:06:07.000Z\n');
    expect(text).toContain("import type { MigrationOp } from 'ormkit';\nimport { integer } from 'ormkit';\n");
    expect(text).toContain("export const revision = 'a1b2c3d4';\nexport const downRevision = ['b2', 'c3'];\nexport const message = 'add age */ to users\\nsecond line';\n");
    expect(text).toContain("export async function upgrade(op: MigrationOp): Promise<void> {\n  op.addColumn('users', 'age', integer());\n}");
    expect(text).toContain("export async function downgrade(op: MigrationOp): Promise<void> {\n  op.dropColumn('users', 'age');\n}");
  });

  it('says when there is nothing to do, and names the first migration', () => {
    const text = renderMigration(source([]));
    expect(text).toContain(' * Parent:   none (first migration)');
    expect(text).toContain('export const downRevision = null;');
    expect(text).toContain("import type { MigrationOp } from 'ormkit';\n\n");
    expect(text).toContain('upgrade(op: MigrationOp): Promise<void> {\n  // No operations.\n}');
  });

  it('marks a downgrade that cannot restore data, and makes an irreversible one throw with a comment naming it', () => {
    const text = renderMigration(
      source([
        { kind: 'execute', sql: "UPDATE users SET role = 'admin'", reverse: null },
        { kind: 'dropColumn', table: 'users', column: { name: 'age', type: { kind: 'integer' }, nullable: true, default: null, autoIncrement: false, comment: null } },
      ]),
    );
    const down = text.slice(text.indexOf('export async function downgrade'));
    expect(down).toContain("  // Data loss: The values of column 'users.age' deleted by the upgrade are not restored.\n  op.addColumn('users', 'age', integer());\n");
    expect(down).toContain('  // Irreversible: raw SQL (op.execute) without a reverse statement cannot be reversed automatically.\n');
    expect(down).toContain(`  // The upgrade ran: op.execute("UPDATE users SET role = 'admin'");\n`);
    expect(down).toContain("  throw new Error('migration a1b2c3d4: op.execute cannot be reversed automatically: edit this migration to write its downgrade');\n");
  });

  it('shows where each rename decision came from', () => {
    const text = renderMigration(
      source([{ kind: 'renameTable', from: 'persons', to: 'people' }, { kind: 'renameColumn', table: 'people', from: 'fullname', to: 'name' }], {
        renameNotes: new Map([['people.name', '--rename people.fullname=name']]),
      }),
    );
    expect(text).toContain("  // A decided rename, not a drop and an add: the data is kept.\n  op.renameTable('persons', 'people');\n");
    expect(text).toContain("  // Rename decided by --rename people.fullname=name: the data is kept.\n  op.renameColumn('people', 'fullname', 'name');\n");
  });

  it('uses the given downgrade instead of the inversion', () => {
    const text = renderMigration(source([{ kind: 'execute', sql: 'A', reverse: null }], { downgrade: [{ kind: 'execute', sql: 'B', reverse: null }] }));
    expect(text).toContain("downgrade(op: MigrationOp): Promise<void> {\n  op.execute('B');\n}");
  });
});

describe('a rendered migration, executed through MigrationOp, records the operations it was rendered from', () => {
  it('for operations of every kind, in the upgrade and the downgrade', async () => {
    const { schema, ops } = everyKind();
    let after = schema;
    for (const op of ops) after = applyOperation(after, op);
    const mod = await importSource<MigrationModule>(renderMigration(source(ops)));
    expect(mod.revision).toBe('a1b2c3d4');
    expect(mod.downRevision).toBeNull();
    expect(mod.message).toBe('test migration');
    expect(plain(await record(mod, 'upgrade', schema))).toEqual(plain(asRendered(ops)));
    const down = invertAll(ops).map((inv) => (inv.ok ? inv.operation : null)!);
    expect(plain(await record(mod, 'downgrade', after))).toEqual(plain(asRendered(down)));
  });

  it('except the comment of a table created with table-level parts, which comes as its own operation', async () => {
    const { schema, ops } = everyKind();
    const first = ops[0]!;
    const create: Operation = first.kind === 'createTable' ? { ...first, table: { ...first.table, comment: 'Blog posts' } } : first;
    const mod = await importSource<MigrationModule>(renderMigration(source([create])));
    const recorded = await record(mod, 'upgrade', schema);
    expect(recorded.map((o) => o.kind)).toEqual(['createTable', 'setTableComment']);
    expect(plain(applyOperation(applyOperation(schema, recorded[0]!), recorded[1]!))).toEqual(plain(applyOperation(schema, create)));
  });

  it('a downgrade with an irreversible operation throws naming it, before anything runs', async () => {
    const mod = await importSource<MigrationModule>(renderMigration(source([{ kind: 'execute', sql: 'DELETE FROM t', reverse: null }])));
    await expect(record(mod, 'downgrade', makeSchema([]))).rejects.toThrow('migration a1b2c3d4: op.execute cannot be reversed automatically');
  });

  it(`for the diffs of ${RUNS} random schema pairs against introspected SQLite databases`, async () => {
    await fc.assert(
      fc.asyncProperty(schemaPair({ partialIndexes: true }), async (pair) => {
        const engine = await createEngine('sqlite://:memory:');
        try {
          await createAll(engine, toSchema(buildModels(pair.a)));
          const live = await engine.introspect();
          const { operations } = diff(live, toSchema(buildModels(pair.b)), { dialect: engine.dialect, renames: pair.renames });
          let after = live;
          for (const op of operations) after = applyOperation(after, op);
          const mod = await importSource<MigrationModule>(renderMigration(source(operations)));
          expect(plain(await record(mod, 'upgrade', live))).toEqual(plain(asRendered(operations)));
          const down = invertAll(operations).map((inv) => (inv.ok ? inv.operation : null)!);
          expect(plain(await record(mod, 'downgrade', after))).toEqual(plain(asRendered(down)));
        } finally {
          await engine.close();
        }
      }),
      { numRuns: RUNS },
    );
  }, 120_000);

  it('type-checks against the real ormkit declarations', async () => {
    expect(await typeCheck({ 'wrong.ts': "import { integer } from 'ormkit';\nexport const x: string = integer();\n" })).toContain('TS2322');
    const files: Record<string, string> = {
      'every_kind.ts': renderMigration(source(everyKind().ops)),
      'irreversible.ts': renderMigration(
        source([
          { kind: 'renameTable', from: 'a', to: 'b' },
          { kind: 'bulkInsert', table: 'b', rows: [{ a: 1, at: new Date(0), b: Buffer.from('x'), n: 5n }] },
          { kind: 'renameColumn', table: 'b', from: 'x', to: 'y' },
        ]),
      ),
    };
    const pairs = fc.sample(schemaPair({ partialIndexes: true }), { numRuns: 8, seed: 3 });
    for (const [i, pair] of pairs.entries()) {
      const ops = diff(toSchema(buildModels(pair.a)), toSchema(buildModels(pair.b)), { dialect: (await import('../src/dialects/sqlite/index.js')).sqliteDialect, renames: pair.renames }).operations;
      files[`random_${i}.ts`] = renderMigration(source(ops, { revision: `r${i}` }));
    }
    expect(await typeCheck(files)).toBe('');
  }, 120_000);
});
