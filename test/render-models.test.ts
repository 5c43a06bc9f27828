import { chinookScript } from './support/corpus.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AnyModel, Engine, Schema } from '../src/index.js';
import { createAll, createEngine, isModel, toSchema } from '../src/index.js';
import { sqliteDialect } from '../src/dialects/sqlite/index.js';
import { diff } from '../src/diff/diff.js';
import { renderModels } from '../src/render/models.js';
import { makeSchema } from '../src/schema/ir.js';
import { sortTableParts } from '../src/dialects/shared/normalize.js';
import { buildModels, schemaSpec } from './support/arbitraries.js';
import { importSource, typeCheck } from './support/generated-source.js';

const RUNS = Math.ceil(Number(process.env.ORM_PROPERTY_RUNS ?? 100) / 4);

/** Loads pulled model source and turns its exports back into a schema. */
async function pulled(source: string): Promise<Schema> {
  const mod = await importSource<Record<string, unknown>>(source, 'models.ts');
  return toSchema(Object.values(mod).filter(isModel) as AnyModel[]);
}

async function chinook(): Promise<Engine> {
  const engine = await createEngine('sqlite://:memory:');
  const conn = await engine.connect();
  try {
    await conn.raw.exec(chinookScript('sqlite'));
  } finally {
    conn.release();
  }
  return engine;
}

describe('renderModels (orm pull)', () => {
  it(`reads back as the same schema, for ${RUNS} random model schemas`, async () => {
    await fc.assert(
      fc.asyncProperty(schemaSpec({ partialIndexes: true, indexMethods: ['btree', 'hash', 'gin', 'brin'], expressionIndexes: true, indexNulls: ['low', 'high'], indexOpclasses: true }), async (specs) => {
        const schema = toSchema(buildModels(specs));
        // Exactly the same, up to the order of indexes and constraints.
        expect(sortParts(await pulled(renderModels(schema)))).toEqual(sortParts(schema));
      }),
      { numRuns: RUNS },
    );
  }, 120_000);

  it(`normalizes equal to the live database and autogenerate finds nothing, for ${RUNS} random databases`, async () => {
    await fc.assert(
      fc.asyncProperty(schemaSpec({ partialIndexes: true, expressionIndexes: true, indexNulls: ['low'] }), async (specs) => {
        const engine = await createEngine('sqlite://:memory:');
        try {
          await createAll(engine, toSchema(buildModels(specs)));
          const live = await engine.introspect();
          const models = await pulled(renderModels(live, { dialect: engine.dialect }));
          expect(engine.dialect.normalize(models)).toEqual(engine.dialect.normalize(live));
          expect(diff(live, models, { dialect: engine.dialect }).operations).toEqual([]);
        } finally {
          await engine.close();
        }
      }),
      { numRuns: RUNS },
    );
  }, 120_000);

  it('pulls Chinook: models that normalize equal to the database, type-check, and autogenerate nothing', async () => {
    const engine = await chinook();
    try {
      const live = await engine.introspect();
      expect(live.tables).toHaveLength(11);
      const source = renderModels(live, { dialect: engine.dialect });
      const models = await pulled(source);
      expect(engine.dialect.normalize(models)).toEqual(engine.dialect.normalize(live));
      expect(diff(live, models, { dialect: engine.dialect }).operations).toEqual([]);
      // Referenced tables first; the self-reference of Employee needs a return type.
      expect(source.indexOf('export const Artist =')).toBeLessThan(source.indexOf('export const Album ='));
      expect(source).toContain("  ArtistId: integer().notNull().index('IFK_AlbumArtistId').references(() => Artist.c.ArtistId),");
      expect(source).toContain("  ReportsTo: integer().index('IFK_EmployeeReportsTo').references((): ColumnRef => Employee.c.EmployeeId),");
      expect(source).not.toContain('(t) => [');
      expect(source).toContain("import { integer, numeric, table, timestamp, varchar, type ColumnRef } from 'ormkit';");
      expect(await typeCheck({ 'models.ts': source })).toBe('');
    } finally {
      await engine.close();
    }
  }, 60_000);

  it('handles foreign key cycles, odd names and names that collide', async () => {
    const schema = makeSchema([
      table('a_b', [col('id', true), col('c_id')], { fk: ['c_id', 'c'] }),
      table('aB', [col('id', true), col('42'), col('first name'), col('__proto__')]),
      table('c', [col('id', true), col('a_id')], { fk: ['a_id', 'a_b'] }),
      table('ColumnRef', [col('id', true), col('self_id')], { fk: ['self_id', 'ColumnRef'] }),
    ]);
    const source = renderModels(schema);
    expect(source).toContain('export const AB = table(');
    expect(source).toContain('export const AB2 = table(');
    expect(source).toContain('export const ColumnRef2 = table(');
    expect(source).toContain("  _42: integer().named('42'),");
    expect(source).toContain("  'first name': integer(),");
    expect(source).toContain("  ___proto__: integer().named('__proto__'),");
    expect(sortParts(await pulled(source))).toEqual(sortParts(schema));
    expect(await typeCheck({ 'models.ts': source })).toBe('');
  }, 60_000);

  it('leaves out primary key names and comments the dialect does not keep', () => {
    const t = { ...table('t', [col('id', true)]), comment: 'kept elsewhere' };
    const withName = makeSchema([{ ...t, primaryKey: { name: 'PK_t', columns: ['id'] } }]);
    expect(renderModels(withName)).toContain("t.primaryKey([t.c.id], 'PK_t'),\n], { comment: 'kept elsewhere' });");
    expect(renderModels(withName, { dialect: sqliteDialect })).toContain('  id: integer().primaryKey(),\n});');
  });

  it('keeps a named one-column integer key that the database does not generate as it is', async () => {
    const plainKey = { ...col('id', true), autoIncrement: false };
    const schema = makeSchema([{ ...table('t', [plainKey]), primaryKey: { name: 'pk_t', columns: ['id'] } }]);
    const source = renderModels(schema);
    expect(source).toContain("t.primaryKey([t.c.id], 'pk_t', { autoIncrement: false }),");
    expect(await pulled(source)).toEqual(schema);
    // A generated one keeps the short form.
    const generated = makeSchema([{ ...table('t', [col('id', true)]), primaryKey: { name: 'pk_t', columns: ['id'] } }]);
    expect(renderModels(generated)).toContain("t.primaryKey([t.c.id], 'pk_t'),");
    expect(await pulled(renderModels(generated))).toEqual(generated);
  });
});

/** Indexes and constraints in name order (what normalization does), the rest untouched. */
function sortParts(schema: Schema): Schema {
  return makeSchema(schema.tables.map(sortTableParts));
}

function col(name: string, key = false) {
  return { name, type: { kind: 'integer' as const }, nullable: !key, default: null, autoIncrement: key, comment: null };
}

function table(name: string, columns: ReturnType<typeof col>[], options: { fk?: [string, string] } = {}) {
  const fk = options.fk;
  return {
    name,
    columns,
    primaryKey: { name: null, columns: ['id'] },
    indexes: [],
    uniques: [],
    checks: [],
    foreignKeys: fk ? [{ name: `fk_${name}_${fk[0]}_${fk[1]}`, columns: [fk[0]], refTable: fk[1], refColumns: ['id'], onDelete: 'no action' as const, onUpdate: 'no action' as const }] : [],
    comment: null,
  };
}
