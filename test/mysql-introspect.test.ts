import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Connection } from '../src/dialects/dialect.js';
import { mysqlDialect } from '../src/dialects/mysql/index.js';
import type { Engine, Table } from '../src/index.js';
import {
  ModelError,
  createAll,
  createEngine,
  enumType,
  integer,
  json,
  table,
  text,
  timestamp,
  toSchema,
  uuid,
  varchar,
} from '../src/index.js';
import { findTable } from '../src/schema/ir.js';
import { useTestDatabase } from './support/databases.js';
import { describeMysql } from './support/mysql.js';
import { columnKeys } from '../src/schema/index-keys.js';

const { normalize } = mysqlDialect;

describeMysql('mysql introspection and normalization', () => {
  const db = useTestDatabase('mysql');
  let engine: Engine;
  beforeAll(async () => {
    engine = await createEngine(db().url);
  });
  afterAll(async () => {
    await engine?.close();
  });

  const exec = async (script: string): Promise<void> => {
    const conn = await engine.connect();
    try {
      await conn.raw.exec(script);
    } finally {
      conn.release();
    }
  };
  const live = async (name: string): Promise<Table> => (await engine.introspect({ only: [name] })).tables[0]!;
  const columnTypes = (t: Table) => Object.fromEntries(t.columns.map((c) => [c.name, c.type]));

  it('reads TINYINT(1) and BOOLEAN as boolean, other tinyints as custom', async () => {
    await exec('CREATE TABLE flags (id INT PRIMARY KEY, a TINYINT(1), b BOOLEAN NOT NULL DEFAULT TRUE, c TINYINT, d TINYINT(4) UNSIGNED)');
    const t = await live('flags');
    expect(columnTypes(t)).toEqual({
      id: { kind: 'integer' },
      a: { kind: 'boolean' },
      b: { kind: 'boolean' },
      c: { kind: 'custom', sql: 'tinyint' },
      d: { kind: 'custom', sql: 'tinyint unsigned' },
    });
    expect(normalize({ tables: [t] }).tables[0]!.columns[2]!.default).toEqual({ kind: 'literal', value: true });
  });

  it("does not report the index InnoDB makes for a foreign key, but keeps a user's own", async () => {
    await exec(`
      CREATE TABLE fk_parent (id INT PRIMARY KEY);
      CREATE TABLE fk_implicit (id INT PRIMARY KEY, p_id INT, CONSTRAINT fk_implicit_p FOREIGN KEY (p_id) REFERENCES fk_parent (id));
      CREATE TABLE fk_declared (id INT PRIMARY KEY, p_id INT, KEY ix_declared_p (p_id), CONSTRAINT fk_declared_p FOREIGN KEY (p_id) REFERENCES fk_parent (id));`);
    const stats = await engine.execute("SELECT INDEX_NAME AS name FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'fk_implicit' AND INDEX_NAME <> 'PRIMARY'");
    expect(stats.rows).toEqual([{ name: 'fk_implicit_p' }]);
    const implicit = await live('fk_implicit');
    expect(implicit.indexes).toEqual([]);
    expect(implicit.foreignKeys.map((f) => f.name)).toEqual(['fk_implicit_p']);
    expect((await live('fk_declared')).indexes).toEqual([{ name: 'ix_declared_p', keys: columnKeys(['p_id']), unique: false, where: null }]);

    // A model foreign key without an index round-trips too.
    const Owner = table('owner', { id: integer().primaryKey() });
    const Pet = table('pet', { id: integer().primaryKey(), owner_id: integer().references(() => Owner.c.id, { onDelete: 'restrict' }) });
    const schema = toSchema([Owner, Pet]);
    await createAll(engine, schema);
    expect(normalize(await engine.introspect({ only: ['owner', 'pet'] }))).toEqual(normalize(schema));
  });

  it("reads MariaDB's JSON (LONGTEXT + json_valid) as json without reporting the check", async () => {
    await exec("CREATE TABLE docs (id INT PRIMARY KEY, body JSON DEFAULT '{}', raw LONGTEXT, n INT, CONSTRAINT ck_docs_n CHECK (n > 0))");
    const t = await live('docs');
    expect(columnTypes(t)).toMatchObject({ body: { kind: 'json' }, raw: { kind: 'custom', sql: 'longtext' } });
    expect(t.checks).toEqual([{ name: 'ck_docs_n', expression: '`n` > 0' }]);
    expect(normalize({ tables: [t] }).tables[0]!.columns[1]!.default).toEqual({ kind: 'literal', value: {} });
  });

  it('tells literal defaults from expressions, however the server quotes them', async () => {
    await exec(`CREATE TABLE defaults_t (
      id INT PRIMARY KEY,
      null_text VARCHAR(10) DEFAULT 'NULL',
      no_default VARCHAR(10) DEFAULT NULL,
      quoted VARCHAR(20) DEFAULT 'it''s \\\\ "x"',
      negative INT DEFAULT -5,
      decimal_d DECIMAL(6,2) DEFAULT 1.50,
      created DATETIME(6) DEFAULT CURRENT_TIMESTAMP(6),
      expr VARCHAR(20) DEFAULT (concat('a', 'b')),
      uid CHAR(36) DEFAULT (uuid()),
      required INT NOT NULL)`);
    const defaults = Object.fromEntries((await live('defaults_t')).columns.map((c) => [c.name, c.default]));
    expect(defaults).toEqual({
      id: null,
      null_text: { kind: 'literal', value: 'NULL' },
      no_default: null,
      quoted: { kind: 'literal', value: 'it\'s \\ "x"' },
      negative: { kind: 'literal', value: -5 },
      decimal_d: { kind: 'literal', value: 1.5 },
      created: { kind: 'expression', sql: 'current_timestamp(6)' },
      expr: { kind: 'expression', sql: "concat('a','b')" },
      uid: { kind: 'expression', sql: 'uuid()' },
      required: null,
    });
    // Every spelling of "now" is the same default.
    const Stamped = table('stamped', { id: integer().primaryKey(), at: timestamp().serverDefault('now()'), at2: timestamp().serverDefault('CURRENT_TIMESTAMP') });
    const schema = toSchema([Stamped]);
    await createAll(engine, schema);
    expect(normalize(await engine.introspect({ only: ['stamped'] }))).toEqual(normalize(schema));
  });

  it('treats UNIQUE constraints and unique indexes alike, and RESTRICT as NO ACTION', async () => {
    const Account = table('account', { id: integer().primaryKey(), a: integer(), b: integer(), c: varchar() }, (t) => [
      t.unique('uq_account_a', [t.c.a]),
      t.uniqueIndex('ux_account_b_c', [t.c.b, t.c.c]),
    ]);
    const Login = table('login', { id: integer().primaryKey(), account_id: integer().references(() => Account.c.id, { onDelete: 'restrict', onUpdate: 'no action' }) });
    const schema = toSchema([Account, Login]);
    await createAll(engine, schema);
    const introspected = await engine.introspect({ only: ['account', 'login'] });
    expect(findTable(introspected, 'account')!.uniques).toEqual([
      { name: 'uq_account_a', columns: ['a'] },
      { name: 'ux_account_b_c', columns: ['b', 'c'] },
    ]);
    expect(findTable(introspected, 'account')!.indexes).toEqual([]);
    const fk = findTable(normalize(introspected), 'login')!.foreignKeys[0]!;
    expect([fk.onDelete, fk.onUpdate]).toEqual(['no action', 'no action']);
    expect(normalize(introspected)).toEqual(normalize(schema));
  });

  it('keeps enum values inline, normalizes enum names, uuid and varchar lengths away', async () => {
    const Ticket = table('ticket', {
      id: integer().primaryKey(),
      state: enumType('ticket_state', ['open', 'closed']).notNull().default('open'),
      ref: uuid(),
      title: varchar(),
      tags: json(),
    }, { comment: 'support tickets' });
    const schema = toSchema([Ticket]);
    await createAll(engine, schema);
    const t = await live('ticket');
    expect(columnTypes(t)).toMatchObject({ state: { kind: 'enum', name: '', values: ['open', 'closed'] }, ref: { kind: 'uuid' }, title: { kind: 'varchar', length: 255 } });
    expect(t.comment).toBe('support tickets');
    expect(normalize({ tables: [t] })).toEqual(normalize(schema));
  });

  it('reads a generated column as a custom type that re-creates it', async () => {
    await exec('CREATE TABLE gen (id INT PRIMARY KEY, price INT, doubled INT GENERATED ALWAYS AS (price * 2) STORED)');
    const t = await live('gen');
    await createAll(engine, { tables: [{ ...t, name: 'gen_copy' }] });
    const copy = await live('gen_copy');
    expect(normalize({ tables: [{ ...copy, name: 'gen' }] })).toEqual(normalize({ tables: [t] }));
    await engine.execute('INSERT INTO gen_copy (id, price) VALUES (1, 21)');
    expect((await engine.execute('SELECT doubled FROM gen_copy')).rows).toEqual([{ doubled: 42 }]);
  });

  it('shortens index and constraint names past 64 characters the same way in DDL and normalization', async () => {
    const longTable = 'customer_loyalty_programme_membership_history';
    const Programme = table('programme', { id: integer().primaryKey() });
    const History = table(longTable, {
      id: integer().primaryKey(),
      programme_identifier_reference: integer().references(() => Programme.c.id).index(),
      enrolment_channel_description: varchar(100).unique().check('enrolment_channel_description <> \'\''),
    });
    const schema = toSchema([Programme, History]);
    const model = findTable(schema, longTable)!;
    const names = [...model.indexes, ...model.uniques, ...model.foreignKeys, ...model.checks].map((x) => x.name);
    expect(names).toHaveLength(4);
    expect(names.every((n) => n.length > 64)).toBe(true);
    await createAll(engine, schema);
    const t = await live(longTable);
    const stored = [...t.indexes, ...t.uniques, ...t.foreignKeys, ...t.checks].map((x) => x.name);
    expect(stored.every((n) => n.length === 64 && /_[0-9a-f]{8}$/.test(n))).toBe(true);
    expect(stored.sort()).toEqual(names.map(mysqlDialect.shortenIdentifier).sort());
    expect(normalize(await engine.introspect({ only: ['programme', longTable] }))).toEqual(normalize(schema));
  });

  it('refuses two names that shorten alike, and table names past 64 characters', async () => {
    const long = `ix_${'a'.repeat(70)}`;
    const Clash = table('clash', { id: integer().primaryKey(), a: integer(), b: integer() }, (t) => [
      t.index(long, [t.c.a]),
      t.index(mysqlDialect.shortenIdentifier(long), [t.c.b]),
    ]);
    const schema = toSchema([Clash]);
    expect(() => normalize(schema)).toThrow(ModelError);
    expect(() => normalize(schema)).toThrow(/table 'clash': names '.*' and '.*' both become 'ix_a+_[0-9a-f]{8}' once shortened/);
    await expect(createAll(engine, schema)).rejects.toThrow(ModelError);
    expect((await engine.introspect({ only: ['clash'] })).tables).toEqual([]);

    const TooLong = table('t'.repeat(65), { id: integer().primaryKey() });
    await expect(createAll(engine, toSchema([TooLong]))).rejects.toThrow(/table name 't+' is 65 bytes long; MySQL allows 64/);
  });

  it('introspects 300 tables with a fixed handful of queries, quickly', async () => {
    const statements = Array.from({ length: 300 }, (_, i) =>
      `CREATE TABLE many_${i} (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(50) NOT NULL, note TEXT COMMENT 'n${i}',` +
      `${i ? ` prev_id INT, CONSTRAINT fk_many_${i} FOREIGN KEY (prev_id) REFERENCES many_${i - 1} (id),` : ''} CONSTRAINT uq_many_${i} UNIQUE (name), CONSTRAINT ck_many_${i} CHECK (name <> ''))`,
    );
    await exec(statements.join(';\n'));
    const conn = await engine.connect();
    try {
      const sql: string[] = [];
      const counting: Connection = { ...conn.raw, query: (text: string, params?: readonly unknown[]) => (sql.push(text), conn.raw.query(text, params)) };
      const started = Date.now();
      const schema = await mysqlDialect.introspect(counting, { exclude: ['many_0'] });
      const elapsed = Date.now() - started;
      expect(schema.tables.filter((t) => t.name.startsWith('many_'))).toHaveLength(299);
      expect(sql).toHaveLength(7);
      expect(elapsed).toBeLessThan(5_000);
      const last = findTable(schema, 'many_299')!;
      expect(last.foreignKeys).toEqual([{ name: 'fk_many_299', columns: ['prev_id'], refTable: 'many_298', refColumns: ['id'], onDelete: 'restrict', onUpdate: 'restrict' }]);
      expect(last.checks).toEqual([{ name: 'ck_many_299', expression: "`name` <> ''" }]);
      expect(last.columns[2]!.comment).toBe('n299');
    } finally {
      conn.release();
    }
  });
});
