import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AnyModel, Engine } from '../src/index.js';
import {
  bigint,
  blob,
  boolean,
  ConnectionError,
  createAll,
  createEngine,
  customType,
  date,
  dropAll,
  enumType,
  IntegrityError,
  integer,
  json,
  LockError,
  ModelError,
  numeric,
  real,
  table,
  text,
  timestamp,
  toSchema,
  UrlError,
  uuid,
  varchar,
} from '../src/index.js';
import { postgresDialect } from '../src/dialects/postgres/index.js';
import { shortenIdentifier } from '../src/dialects/shared/normalize.js';
import { compileInsert, compileSelect } from '../src/query/compile.js';
import { useTestDatabase } from './support/databases.js';
import { describePostgres } from './support/postgres.js';

const baseUrl = (): string => process.env.ORM_TEST_PG_URL!;

/** The URL with another database / credentials / parameters. */
function variant(url: string, change: (u: URL) => void): string {
  const u = new URL(url);
  change(u);
  return u.toString();
}

describePostgres('postgres dialect', () => {
  const db = useTestDatabase('postgres');
  let engine: Engine;
  beforeAll(async () => {
    engine = await createEngine(db().url, { pool: { size: 4 } });
  });
  afterAll(async () => {
    await engine.close();
  });

  it('reads rows as arrays in select-list order, through the same type parsers', async () => {
    const conn = await engine.connect();
    try {
      const rows = await conn.queryArrays('SELECT 1 AS a, $1::text AS b, 9007199254740993::int8 AS c, NULL AS a', ['x']);
      expect(rows).toEqual([[1, 'x', 9007199254740993n, null]]);
      await expect(conn.queryArrays('SELECT nope')).rejects.toThrow(/nope/);
    } finally {
      conn.release();
    }
  });

  it('quotes identifiers with embedded double quotes end to end', async () => {
    const Weird = table('we"ird tab', { id: integer().primaryKey(), 'co"l': text().notNull(), Mixed: varchar(10).unique() });
    const schema = toSchema([Weird]);
    await createAll(engine, schema);
    const live = await engine.introspect({ only: ['we"ird tab'] });
    expect(live.tables.map((t) => t.name)).toEqual(['we"ird tab']);
    expect(live.tables[0]!.columns.map((c) => c.name)).toEqual(['id', 'co"l', 'Mixed']);
    expect(postgresDialect.normalize(live)).toEqual(postgresDialect.normalize(schema));

    const insert = compileInsert(postgresDialect, 'we"ird tab', ['co"l', 'Mixed'], [['a "quoted" value', 'X']], ['id']);
    expect(insert.sql).toBe('INSERT INTO "we""ird tab" ("co""l", "Mixed") VALUES ($1, $2) RETURNING "id"');
    const { rows } = await engine.execute(insert.sql, insert.params);
    expect(rows).toEqual([{ id: 1 }]);
    const select = compileSelect(postgresDialect, { table: 'we"ird tab', columns: ['co"l'] });
    expect((await engine.execute(select.sql, select.params)).rows).toEqual([{ 'co"l': 'a "quoted" value' }]);
  });

  it('shortens identifiers past 63 bytes deterministically, in DDL, queries and normalization alike', async () => {
    const longTable = `t_${'very_long_table_name_'.repeat(4)}`; // 86 bytes
    const longColumn = `c_${'é'.repeat(40)}`; // 82 bytes (é is 2 bytes)
    const Long = table(longTable, { id: integer().primaryKey(), [longColumn]: integer().index() });
    const schema = toSchema([Long]);
    const first = await createAll(engine, schema);
    expect(first.createdTables).toEqual([longTable]);
    // Idempotent: the shortened live names are recognised as the model's.
    const again = await createAll(engine, schema);
    expect(again.statements).toEqual([]);
    expect(again.existingTables).toEqual([longTable]);

    const storedTable = shortenIdentifier(longTable, 63);
    expect(Buffer.byteLength(storedTable)).toBeLessThanOrEqual(63);
    expect(postgresDialect.shortenIdentifier(longTable)).toBe(storedTable);
    const live = await engine.introspect({ only: [longTable] });
    expect(live.tables.map((t) => t.name)).toEqual([storedTable]);
    expect(live.tables[0]!.columns.map((c) => c.name)).toEqual(['id', shortenIdentifier(longColumn, 63)]);
    expect(live.tables[0]!.indexes.map((i) => i.name)).toEqual([shortenIdentifier(`ix_${longTable}_${longColumn}`, 63)]);
    expect(postgresDialect.normalize(live)).toEqual(postgresDialect.normalize(schema));

    // Queries written with the model's long names reach the same objects.
    const insert = compileInsert(postgresDialect, longTable, [longColumn], [[7]]);
    await engine.execute(insert.sql, insert.params);
    const select = compileSelect(postgresDialect, { table: longTable, columns: [longColumn] });
    expect((await engine.execute(select.sql, select.params)).rows).toEqual([{ [shortenIdentifier(longColumn, 63)]: 7 }]);
  });

  it('refuses two names that collide once shortened, with a ModelError naming both', async () => {
    const long = `c_${'x'.repeat(70)}`;
    const clash = shortenIdentifier(long, 63);
    const Clash = table('clash', { id: integer().primaryKey(), [long]: integer(), [clash]: integer() });
    const schema = toSchema([Clash]);
    expect(() => postgresDialect.normalize(schema)).toThrow(ModelError);
    expect(() => postgresDialect.ddl.createTable(schema.tables[0]!)).toThrow(new RegExp(`'${long}'.*'${clash}'|'${clash}'.*'${long}'`));
    await expect(createAll(engine, schema)).rejects.toThrow(ModelError);
    expect((await engine.introspect({ only: ['clash'] })).tables).toEqual([]);

    // Across tables: an index whose shortened name equals another table's name.
    const longIndex = `ix_${'y'.repeat(70)}`;
    const A = table('a_tab', { id: integer().primaryKey(), v: integer() }, (t) => [t.index(longIndex, [t.c.v])]);
    const B = table(shortenIdentifier(longIndex, 63), { id: integer().primaryKey() });
    expect(() => postgresDialect.normalize(toSchema([A, B]))).toThrow(/index .* table|table .* index/);
  });

  it('reports a connection failure in one line with host, port and database, never the password', async () => {
    const badPort = variant(baseUrl(), (u) => {
      u.port = '1';
      u.password = 's3cret-pw';
    });
    const e1 = await createEngine(badPort);
    const err1 = await e1.execute('SELECT 1').catch((e: unknown) => e);
    await e1.close();
    expect(err1).toBeInstanceOf(ConnectionError);
    const m1 = (err1 as Error).message;
    expect(m1).toMatch(/127\.0\.0\.1:1\b/);
    expect(m1).toContain(`database '${new URL(baseUrl()).pathname.slice(1)}'`);
    expect(m1).toMatch(/ECONNREFUSED/);
    expect(m1).not.toContain('s3cret-pw');
    expect(m1).not.toContain('\n');
    expect(JSON.stringify((err1 as ConnectionError).details)).not.toContain('s3cret-pw');

    const unknownDb = variant(baseUrl(), (u) => {
      u.pathname = '/orm_no_such_database';
      u.password = 's3cret-pw';
    });
    const e2 = await createEngine(unknownDb);
    const err2 = await e2.execute('SELECT 1').catch((e: unknown) => e);
    await e2.close();
    expect(err2).toBeInstanceOf(ConnectionError);
    const m2 = (err2 as Error).message;
    expect(m2).toContain(`${new URL(baseUrl()).hostname}:${new URL(baseUrl()).port || 5432}`);
    expect(m2).toContain("database 'orm_no_such_database'");
    expect(m2).toContain('does not exist');
    expect(m2).not.toContain('s3cret-pw');
    expect(m2).not.toContain('\n');
  });

  it('validates URL parameters before connecting', async () => {
    await expect(createEngine(variant(baseUrl(), (u) => u.searchParams.set('shema', 'app')))).rejects.toThrow(/unknown PostgreSQL URL parameter 'shema'.*did you mean 'schema'/);
    await expect(createEngine(variant(baseUrl(), (u) => u.searchParams.set('sslmode', 'sometimes')))).rejects.toThrow(UrlError);
    // sslmode=disable connects without TLS to this server.
    const plain = await createEngine(variant(baseUrl(), (u) => u.searchParams.set('sslmode', 'disable')));
    expect((await plain.execute('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    await plain.close();
  });

  it('isolates ?schema=: DDL, queries and introspection stay in that schema', async () => {
    await engine.execute('CREATE SCHEMA app');
    const inApp = await createEngine(variant(db().url, (u) => u.searchParams.set('schema', 'app')));
    try {
      const Things = table('things', { id: integer().primaryKey(), mood: enumType('app_mood', ['a', 'b']) });
      await createAll(inApp, toSchema([Things]));
      await inApp.execute(`INSERT INTO things (mood) VALUES ('b')`);
      expect((await inApp.introspect()).tables.map((t) => t.name)).toEqual(['things']);
      expect((await engine.introspect()).tables.map((t) => t.name)).not.toContain('things');
      const where = await engine.execute(`SELECT n.nspname AS schema FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relname = 'things'`);
      expect(where.rows).toEqual([{ schema: 'app' }]);
      // A table of the same name in public is a different table.
      await engine.execute('CREATE TABLE things (other text)');
      expect((await inApp.introspect()).tables[0]!.columns.map((c) => c.name)).toEqual(['id', 'mood']);
      expect((await inApp.execute('SELECT mood FROM things')).rows).toEqual([{ mood: 'b' }]);
    } finally {
      await inApp.close();
    }
    const missing = await createEngine(variant(db().url, (u) => u.searchParams.set('schema', 'nowhere')));
    try {
      expect((await missing.introspect()).tables).toEqual([]);
      await expect(missing.execute('CREATE TABLE x (id integer)')).rejects.toThrow(/CREATE SCHEMA/);
    } finally {
      await missing.close();
    }
  });

  it('round-trips enum types shared by two tables, idempotently, and drop-all removes them', async () => {
    const mood = enumType('mood', ['sad', 'ok', "happy it's"]);
    const People = table('people', { id: integer().primaryKey(), mood: mood.notNull().default('ok') });
    const Pets = table('pets', { id: integer().primaryKey(), mood });
    const schema = toSchema([People, Pets]);
    await createAll(engine, schema);
    expect((await createAll(engine, schema)).statements).toEqual([]);
    const live = await engine.introspect({ only: ['people', 'pets'] });
    const col = live.tables.find((t) => t.name === 'people')!.columns[1]!;
    expect(col.type).toEqual({ kind: 'enum', name: 'mood', values: ['sad', 'ok', "happy it's"] });
    expect(col.default).toEqual({ kind: 'literal', value: 'ok' });
    expect(postgresDialect.normalize(live)).toEqual(postgresDialect.normalize(schema));

    await engine.execute(`INSERT INTO people (mood) VALUES ($1), (DEFAULT)`, ["happy it's"]);
    expect((await engine.execute('SELECT mood FROM people ORDER BY id')).rows).toEqual([{ mood: "happy it's" }, { mood: 'ok' }]);
    await expect(engine.execute(`INSERT INTO people (mood) VALUES ('angry')`)).rejects.toThrow(/invalid input value for enum mood/);

    await dropAll(engine, schema);
    expect((await engine.execute(`SELECT 1 FROM pg_type WHERE typname = 'mood'`)).rows).toEqual([]);
  });

  it('translates integrity errors with the constraint and table names', async () => {
    const Parent = table('parent', { id: integer().primaryKey(), email: text().notNull().unique(), age: integer().check('age >= 0') });
    const Child = table('child', { id: integer().primaryKey(), parent_id: integer().references(() => Parent.c.id) });
    await createAll(engine, toSchema([Parent, Child]));
    expect((await engine.execute(`INSERT INTO parent (email, age) VALUES ('a@x', 1) RETURNING id`)).rows).toEqual([{ id: 1 }]);
    const fail = (sql: string): Promise<IntegrityError> => engine.execute(sql).then(() => expect.fail(`no error from ${sql}`), (e: IntegrityError) => e);

    const unique = await fail(`INSERT INTO parent (email) VALUES ('a@x')`);
    expect(unique).toBeInstanceOf(IntegrityError);
    expect(unique).toMatchObject({ kind: 'unique', constraint: 'uq_parent_email', table: 'parent' });
    expect(unique.message).toContain('uq_parent_email');
    expect(unique.message).not.toContain('a@x'); // values stay out of messages

    expect(await fail(`INSERT INTO parent (id, email) VALUES (1, 'b@x')`)).toMatchObject({ kind: 'primary_key', constraint: 'parent_pkey', table: 'parent' });
    expect(await fail(`INSERT INTO parent (email, age) VALUES ('c@x', -1)`)).toMatchObject({ kind: 'check', constraint: 'ck_parent_age', table: 'parent' });
    const notNull = await fail(`INSERT INTO parent (email) VALUES (NULL)`);
    expect(notNull).toMatchObject({ kind: 'not_null', table: 'parent' });
    expect(notNull.details.columns).toEqual(['email']);
    const fk = await fail(`INSERT INTO child (parent_id) VALUES (99)`);
    expect(fk).toMatchObject({ kind: 'foreign_key', constraint: 'fk_child_parent_id_parent', table: 'child' });
    expect(fk.details.sql).toBe(`INSERT INTO child (parent_id) VALUES (99)`);

    const other = await engine.execute('SELECT * FROM no_such_table').catch((e: unknown) => e);
    expect(other).toMatchObject({ code: 'DATABASE', sql: 'SELECT * FROM no_such_table' });
  });

  it('encodes and decodes every column type through a real table', async () => {
    const All = table('all_types', {
      id: integer().primaryKey(),
      i: integer(),
      big_small: bigint(),
      big_large: bigint(),
      r: real(),
      n: numeric(12, 4),
      t: text(),
      v: varchar(20),
      b: boolean(),
      d: date(),
      ts: timestamp(),
      tz: timestamp({ withTimezone: true }),
      j: json(),
      js: json(),
      bl: blob(),
      u: uuid(),
      e: enumType('codec_enum', ['x', 'y']),
      c: customType('inet'),
    });
    const schema = toSchema([All]);
    await createAll(engine, schema);
    const columns = schema.tables[0]!.columns.filter((c) => c.name !== 'id');
    const values: Record<string, unknown> = {
      i: -42,
      big_small: 12,
      big_large: 2n ** 62n + 1n,
      r: 1.25,
      n: '12345.6789',
      t: "it's \"quoted\" \\ é ✓",
      v: 'short',
      b: true,
      d: '2024-02-29',
      ts: new Date('2024-05-01T12:34:56.789Z'),
      tz: new Date('1999-12-31T23:59:59.001Z'),
      j: { a: [1, 'x', null], nested: { ok: true } },
      js: 'just a string',
      bl: Buffer.from([0, 1, 2, 255]),
      u: '0b0e7c2a-7a3f-4a53-9c1e-2f1a8d6c5b4e',
      e: 'y',
      c: '10.0.0.1',
    };
    const previousTz = process.env.TZ;
    // A process far from UTC must not shift timestamps (pg renders Dates in local time by default).
    process.env.TZ = 'Asia/Kolkata';
    try {
      const row = columns.map((c) => postgresDialect.encodeValue(values[c.name], c.type));
      const insert = compileInsert(postgresDialect, 'all_types', columns.map((c) => c.name), [row, columns.map(() => null)]);
      await engine.execute(insert.sql, insert.params);
      const { rows } = await engine.execute('SELECT * FROM all_types ORDER BY id');
      const decode = (r: Record<string, unknown>) => Object.fromEntries(columns.map((c) => [c.name, postgresDialect.decodeValue(r[c.name], c.type)]));
      expect(decode(rows[0]!)).toEqual(values);
      expect(decode(rows[1]!)).toEqual(Object.fromEntries(columns.map((c) => [c.name, null])));
      expect(typeof decode(rows[0]!).big_small).toBe('number');
      expect(typeof decode(rows[0]!).big_large).toBe('bigint');
      // The stored wall-clock of a timestamp without time zone is the UTC time.
      expect((await engine.execute(`SELECT ts::text AS ts FROM all_types WHERE id = 1`)).rows[0]).toEqual({ ts: '2024-05-01 12:34:56.789' });
    } finally {
      if (previousTz === undefined) delete process.env.TZ;
      else process.env.TZ = previousTz;
    }
  });

  it('times out a second migration lock holder with a LockError while the first holds it', async () => {
    const first = await engine.connect();
    const second = await engine.connect();
    try {
      const release = await postgresDialect.acquireMigrationLock(first.raw, { key: 'ormkit-migrations', timeoutMs: 1000 });
      const started = Date.now();
      const err = await postgresDialect.acquireMigrationLock(second.raw, { key: 'ormkit-migrations', timeoutMs: 300 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(LockError);
      expect(Date.now() - started).toBeGreaterThanOrEqual(290);
      expect((err as Error).message).toMatch(/ormkit-migrations.*300 ms.*pid \d+/);
      // Another key is independent.
      const otherRelease = await postgresDialect.acquireMigrationLock(second.raw, { key: 'other', timeoutMs: 0 });
      await otherRelease();
      await release();
      const secondRelease = await postgresDialect.acquireMigrationLock(second.raw, { key: 'ormkit-migrations', timeoutMs: 300 });
      await secondRelease();
    } finally {
      first.release();
      second.release();
    }
  });

  it('creates a foreign key cycle: the closing key is added after both tables exist', async () => {
    const A: AnyModel = table('cyc_a', { id: integer().primaryKey(), b_id: integer().references(() => B.c.id!) });
    const B: AnyModel = table('cyc_b', { id: integer().primaryKey(), a_id: integer().references(() => A.c.id!, { onDelete: 'cascade' }) });
    const schema = toSchema([A, B]);
    const result = await createAll(engine, schema);
    expect(result.statements.filter((s) => s.startsWith('ALTER TABLE'))).toEqual([
      'ALTER TABLE "cyc_a" ADD CONSTRAINT "fk_cyc_a_b_id_cyc_b" FOREIGN KEY ("b_id") REFERENCES "cyc_b" ("id")',
    ]);
    expect(postgresDialect.normalize(await engine.introspect({ only: ['cyc_a', 'cyc_b'] }))).toEqual(postgresDialect.normalize(schema));
  });

  it('reads serial and identity columns as auto-increment, equal to an integer primary key model', async () => {
    await engine.execute('CREATE TABLE serials (id serial PRIMARY KEY, big bigint GENERATED ALWAYS AS IDENTITY, note text)');
    const live = (await engine.introspect({ only: ['serials'] })).tables[0]!;
    expect(live.columns.map((c) => [c.name, c.type.kind, c.autoIncrement, c.default])).toEqual([
      ['id', 'integer', true, null],
      ['big', 'bigint', true, null],
      ['note', 'text', false, null],
    ]);
    const model = table('serials', { id: integer().primaryKey(), big: bigint().notNull(), note: text() });
    const normalizedModel = postgresDialect.normalize(toSchema([model])).tables[0]!;
    // The model declares no identity on `big`; that difference is real and stays visible.
    expect(postgresDialect.normalize({ tables: [live] }).tables[0]!.columns.map((c) => c.autoIncrement)).toEqual([true, true, false]);
    expect(normalizedModel.columns.map((c) => c.autoIncrement)).toEqual([true, false, false]);
  });

  it('turns a connection the server terminated into a ConnectionError (and the process survives)', async () => {
    const victim = await createEngine(db().url);
    try {
      const { rows } = await victim.execute('SELECT pg_backend_pid() AS pid');
      await engine.execute('SELECT pg_terminate_backend($1)', [rows[0]!.pid]);
      await new Promise((resolve) => setTimeout(resolve, 100));
      const err = await victim.execute('SELECT 1').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ConnectionError);
    } finally {
      await victim.close();
    }
  });

  it('introspects a 300-table schema with a constant number of catalog queries', async () => {
    const script = Array.from({ length: 300 }, (_, i) => {
      const ref = i > 0 ? `, prev_id integer REFERENCES wide_${i - 1} (id) ON DELETE CASCADE` : '';
      return `CREATE TABLE wide_${i} (id integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, name varchar(40) NOT NULL DEFAULT 'x', n numeric(8,2) CHECK (n > 0)${ref}); CREATE INDEX wide_${i}_name ON wide_${i} (name);`;
    }).join('\n');
    const conn = await engine.connect();
    try {
      await conn.raw.exec(script);
      let queries = 0;
      const raw = conn.raw;
      const counting = Object.create(raw) as typeof raw;
      Object.defineProperty(counting, 'query', { value: (sql: string, params?: readonly unknown[]) => (queries++, raw.query(sql, params)) });
      const started = Date.now();
      const live = await postgresDialect.introspect(counting);
      const elapsed = Date.now() - started;
      expect(live.tables.filter((t) => t.name.startsWith('wide_'))).toHaveLength(300);
      expect(queries).toBeLessThanOrEqual(5);
      expect(elapsed).toBeLessThan(5000);
      const last = live.tables.find((t) => t.name === 'wide_299')!;
      expect(last.foreignKeys).toEqual([{ name: 'wide_299_prev_id_fkey', columns: ['prev_id'], refTable: 'wide_298', refColumns: ['id'], onDelete: 'cascade', onUpdate: 'no action' }]);
    } finally {
      conn.release();
    }
  });
});
