import { afterAll, beforeAll, expect, it } from 'vitest';
import { mysqlDialect } from '../src/dialects/mysql/index.js';
import type { Engine } from '../src/index.js';
import {
  ConnectionError,
  DatabaseError,
  IntegrityError,
  LockError,
  UrlError,
  bigint,
  blob,
  boolean,
  createAll,
  createEngine,
  customType,
  date,
  enumType,
  integer,
  json,
  numeric,
  real,
  table,
  text,
  timestamp,
  toSchema,
  uuid,
  varchar,
} from '../src/index.js';
import { compileInsert, compileSelect } from '../src/query/compile.js';
import { useTestDatabase } from './support/databases.js';
import { describeMysql, serverUrl } from './support/mysql.js';

describeMysql('mysql driver', () => {
  const db = useTestDatabase('mysql');
  let engine: Engine;
  beforeAll(async () => {
    engine = await createEngine(db().url);
  });
  afterAll(async () => {
    await engine?.close();
  });

  it('quotes identifiers with backticks, doubling embedded ones, end to end', async () => {
    expect(mysqlDialect.quoteIdentifier('we`ird')).toBe('`we``ird`');
    const Odd = table('odd`table', { id: integer().primaryKey(), 'we`ird col': text().notNull() });
    await createAll(engine, toSchema([Odd]));
    const insert = compileInsert(mysqlDialect, 'odd`table', ['we`ird col'], [['x`y']]);
    await engine.execute(insert.sql, insert.params);
    const select = compileSelect(mysqlDialect, { table: 'odd`table', where: Odd.c['we`ird col']!.eq('x`y') });
    expect((await engine.execute(select.sql, select.params)).rows).toEqual([{ id: 1, 'we`ird col': 'x`y' }]);
    const live = await engine.introspect({ only: ['odd`table'] });
    expect(live.tables.map((t) => [t.name, t.columns.map((c) => c.name)])).toEqual([['odd`table', ['id', 'we`ird col']]]);
  });

  it('reports a refused connection in one line naming host, port and database', async () => {
    const bad = await createEngine('mysql://root:s3cret-pw@127.0.0.1:1/orm_missing');
    try {
      const err = await bad.execute('SELECT 1').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ConnectionError);
      const message = (err as Error).message;
      expect(message).toMatch(/^cannot connect to MySQL at 127\.0\.0\.1:1, database 'orm_missing': .*ECONNREFUSED/);
      expect(message).not.toContain('\n');
      expect(message).not.toContain('s3cret-pw');
    } finally {
      await bad.close();
    }
  });

  it('reports an unknown database and a wrong password without the password', async () => {
    const unknown = await createEngine(serverUrl((u) => (u.pathname = '/orm_no_such_database')));
    const wrong = await createEngine(serverUrl((u) => (u.password = 'not-the-s3cret')));
    try {
      const e1 = (await unknown.execute('SELECT 1').catch((e: unknown) => e)) as Error;
      expect(e1).toBeInstanceOf(ConnectionError);
      expect(e1.message).toMatch(/database 'orm_no_such_database': Unknown database 'orm_no_such_database'$/);
      const e2 = (await wrong.execute('SELECT 1').catch((e: unknown) => e)) as Error;
      expect(e2).toBeInstanceOf(ConnectionError);
      expect(e2.message).toMatch(/Access denied/);
      expect(e2.message).not.toContain('not-the-s3cret');
      expect(JSON.stringify((e2 as ConnectionError).details)).not.toContain('not-the-s3cret');
    } finally {
      await unknown.close();
      await wrong.close();
    }
  });

  it('accepts mariadb:// URLs as the same dialect', async () => {
    const maria = await createEngine(db().url.replace(/^mysql:/, 'mariadb:'));
    try {
      expect(maria.dialect.name).toBe('mysql');
      expect((await maria.execute('SELECT DATABASE() AS db')).rows).toEqual([{ db: db().name }]);
    } finally {
      await maria.close();
    }
  });

  it('rejects unknown URL parameters and bad TLS modes before connecting', async () => {
    await expect(createEngine(serverUrl((u) => u.searchParams.set('sslmod', 'require')))).rejects.toThrow(/unknown MySQL URL parameter 'sslmod' .*did you mean 'sslmode'/);
    await expect(createEngine(serverUrl((u) => u.searchParams.set('sslmode', 'sometimes')))).rejects.toBeInstanceOf(UrlError);
    // The test server has no TLS: requiring it fails as a connection error, naming the server.
    const tls = await createEngine(serverUrl((u) => u.searchParams.set('sslmode', 'require')));
    try {
      await expect(tls.execute('SELECT 1')).rejects.toBeInstanceOf(ConnectionError);
    } finally {
      await tls.close();
    }
  });

  it('translates integrity errors, naming the constraint and the table', async () => {
    const Parent = table('parent', { id: integer().primaryKey(), code: varchar(10).notNull().unique() });
    const Child = table('child', {
      id: integer().primaryKey(),
      parent_id: integer().notNull().references(() => Parent.c.id),
      qty: integer().notNull().check('qty > 0'),
    });
    await createAll(engine, toSchema([Parent, Child]));
    await engine.execute('INSERT INTO `parent` (`id`, `code`) VALUES (?, ?)', [1, 'a']);
    await engine.execute('INSERT INTO `child` (`id`, `parent_id`, `qty`) VALUES (?, ?, ?)', [1, 1, 1]);
    const failure = (sql: string, params: unknown[]) => engine.execute(sql, params).then(() => null, (e: unknown) => e as IntegrityError);

    const dup = await failure('INSERT INTO `parent` (`id`, `code`) VALUES (?, ?)', [2, 'a']);
    expect(dup).toBeInstanceOf(IntegrityError);
    expect([dup!.kind, dup!.constraint, dup!.table]).toEqual(['unique', 'uq_parent_code', 'parent']);
    expect(dup!.message).toBe("duplicate value for unique key 'uq_parent_code' on table 'parent'");

    const pk = await failure('INSERT INTO `parent` (`id`, `code`) VALUES (?, ?)', [1, 'b']);
    expect([pk!.kind, pk!.table]).toEqual(['primary_key', 'parent']);

    const orphan = await failure('INSERT INTO `child` (`id`, `parent_id`, `qty`) VALUES (?, ?, ?)', [2, 99, 1]);
    expect([orphan!.kind, orphan!.constraint, orphan!.table]).toEqual(['foreign_key', 'fk_child_parent_id_parent', 'child']);

    const referenced = await failure('DELETE FROM `parent` WHERE `id` = ?', [1]);
    expect([referenced!.kind, referenced!.constraint, referenced!.table]).toEqual(['foreign_key', 'fk_child_parent_id_parent', 'child']);
    expect(referenced!.message).toMatch(/still references the row of 'parent'/);

    const missing = await failure('INSERT INTO `child` (`id`, `parent_id`, `qty`) VALUES (?, ?, ?)', [3, null, 1]);
    expect([missing!.kind, missing!.table, missing!.details.columns]).toEqual(['not_null', 'child', ['parent_id']]);

    const check = await failure('INSERT INTO `child` (`id`, `parent_id`, `qty`) VALUES (?, ?, ?)', [4, 1, -5]);
    expect([check!.kind, check!.constraint, check!.table]).toEqual(['check', 'ck_child_qty', 'child']);

    // A foreign key between different integer types: MariaDB's errno 150 says only "incorrectly formed".
    const Wide = table('wide_child', { id: integer().primaryKey(), parent_id: bigint().references(() => Parent.c.id) });
    // createAll refuses it before any DDL (ORM010); the database's own refusal is translated too.
    await expect(createAll(engine, toSchema([Parent, Wide]))).rejects.toThrow(/^table 'wide_child': foreign key .*nothing was created$/);
    const wideDdl = mysqlDialect.ddl.createTable(toSchema([Parent, Wide]).tables.find((t) => t.name === 'wide_child')!);
    const mismatch = await engine.execute(wideDdl[0]!).then(() => null, (e: unknown) => e as DatabaseError);
    expect(mismatch).toBeInstanceOf(DatabaseError);
    expect(mismatch!.message).toMatch(/need exactly the types of the columns they reference/);

    const syntax = await engine.execute('SELEC 1').catch((e: unknown) => e);
    expect(syntax).toBeInstanceOf(DatabaseError);
    expect((syntax as DatabaseError).sql).toBe('SELEC 1');
  });

  it('encodes and decodes every column type through a real table', async () => {
    const All = table('all_types', {
      id: integer().primaryKey(),
      i: integer(),
      big: bigint(),
      safe_big: bigint(),
      r: real(),
      n: numeric(12, 4),
      t: text(),
      v: varchar(20),
      yes: boolean(),
      no: boolean(),
      d: date(),
      ts: timestamp(),
      tz: timestamp({ withTimezone: true }),
      j: json(),
      js: json(),
      b: blob(),
      u: uuid(),
      e: enumType('mood', ['happy', 'sad']),
      c: customType<number>('INT UNSIGNED'),
      now: timestamp().serverDefault('CURRENT_TIMESTAMP'),
    });
    const schema = toSchema([All]);
    await createAll(engine, schema);
    const types = new Map(schema.tables[0]!.columns.map((c) => [c.name, c.type]));
    const row: Record<string, unknown> = {
      id: 1,
      i: -2147483648,
      big: 9007199254740993n,
      safe_big: 42,
      r: 1.5,
      n: '12345678.1234',
      t: "it's \\ \"quoted\" é 😀 ; -- not a comment",
      v: 'héllo',
      yes: true,
      no: false,
      d: '2024-02-29',
      ts: new Date('2024-02-29T12:34:56.789Z'),
      tz: new Date('1999-12-31T23:59:59.001Z'),
      j: { a: [1, 'x', null], b: { c: true } },
      js: '123',
      b: Buffer.from([0, 1, 2, 255, 0x27, 0x5c]),
      u: '123e4567-e89b-12d3-a456-426614174000',
      e: 'sad',
      c: 4294967295,
    };
    const columns = Object.keys(row);
    const insert = compileInsert(mysqlDialect, 'all_types', columns, [columns.map((c) => mysqlDialect.encodeValue(row[c], types.get(c)!))]);
    await engine.execute(insert.sql, insert.params);
    await engine.execute('INSERT INTO `all_types` (`id`) VALUES (2)');

    const decoded = (await engine.execute('SELECT * FROM `all_types` ORDER BY `id`')).rows.map((r) =>
      Object.fromEntries(Object.entries(r).map(([k, v]) => [k, mysqlDialect.decodeValue(v, types.get(k)!)])),
    );
    const { now, ...first } = decoded[0]!;
    expect(first).toEqual(row);
    // The session runs in UTC, so CURRENT_TIMESTAMP agrees with the JS clock.
    expect(Math.abs((now as Date).getTime() - Date.now())).toBeLessThan(60_000);
    expect(decoded[1]).toEqual({ ...Object.fromEntries(columns.map((c) => [c, null])), id: 2, now: decoded[1]!.now });
    // An ISO timestamp with a zone is stored as the same instant.
    expect(mysqlDialect.encodeValue('2024-01-02T03:04:05+02:00', { kind: 'timestamp', withTimezone: true })).toBe('2024-01-02 01:04:05.000');
  });

  it('runs scripts with exec but refuses stacked statements in query', async () => {
    const conn = await engine.connect();
    try {
      await conn.raw.exec("CREATE TABLE script_t (x VARCHAR(10));\nINSERT INTO script_t VALUES ('a;b');\n-- done;\nINSERT INTO script_t VALUES ('c');");
      expect((await conn.execute('SELECT x FROM script_t ORDER BY x')).rows).toEqual([{ x: 'a;b' }, { x: 'c' }]);
      await expect(conn.execute('SELECT 1; SELECT 2')).rejects.toBeInstanceOf(DatabaseError);
      expect((await conn.execute("INSERT INTO parent (code) VALUES ('auto')")).lastInsertId).toBe(2);
    } finally {
      conn.release();
    }
  });

  it('reopens a session the server dropped, and reports a lost transaction once', async () => {
    const conn = await engine.connect();
    const killer = await engine.connect();
    const id = async () => (await conn.execute('SELECT CONNECTION_ID() AS id')).rows[0]!.id as number;
    const kill = async () => {
      await killer.execute(`KILL ${await id()}`);
      await new Promise((r) => setTimeout(r, 200));
    };
    try {
      const first = await id();
      await kill();
      const second = await id();
      expect(second).not.toBe(first);
      // The new session is set up like the first: UTC.
      expect((await conn.execute('SELECT @@SESSION.time_zone AS tz')).rows).toEqual([{ tz: '+00:00' }]);

      await conn.begin();
      await conn.execute('SELECT 1');
      await kill();
      const lost = await conn.execute('SELECT 1').catch((e: unknown) => e);
      expect(lost).toBeInstanceOf(ConnectionError);
      expect((lost as Error).message).toMatch(/lost during a transaction/);
      expect(conn.inTransaction).toBe(false);
      expect(await id()).not.toBe(second);
    } finally {
      conn.release();
      killer.release();
    }
  });

  it("keys kept replays by the SQL mode too: the engine version reads differently under another mode", async () => {
    const { ReplayCache } = await import('../src/migrate/replay-cache.js');
    const cache = new ReplayCache('/nonexistent-ormkit-migrations', { files: [] } as never, mysqlDialect, 'orm_migrations');
    await engine.transaction(async (conn) => {
      const usual = await cache.engineVersion(conn);
      expect(usual).toMatch(/^\d+\.\d+\.\d+\S* .*lower_case_table_names=\d explicit_defaults_for_timestamp=\S+$/);
      await conn.execute("SET SESSION sql_mode = CONCAT(@@SESSION.sql_mode, ',ANSI_QUOTES')");
      try {
        expect(await cache.engineVersion(conn)).not.toBe(usual);
      } finally {
        await conn.execute("SET SESSION sql_mode = REPLACE(@@SESSION.sql_mode, 'ANSI_QUOTES', '')");
      }
    });
  });

  it('knows DDL ends a transaction (transactionalDdl is false)', async () => {
    expect(mysqlDialect.capabilities.transactionalDdl).toBe(false);
    const conn = await engine.connect();
    try {
      await conn.begin();
      expect(conn.inTransaction).toBe(true);
      await conn.execute('SELECT 1');
      expect(conn.inTransaction).toBe(true);
      await conn.execute('CREATE TABLE implicit_commit (x INT)');
      expect(conn.inTransaction).toBe(false);
      await conn.transaction(async (tx) => {
        await tx.execute('INSERT INTO implicit_commit VALUES (1)');
        expect(tx.inTransaction).toBe(true);
      });
      expect(conn.inTransaction).toBe(false);
    } finally {
      conn.release();
    }
  });

  it('pages with an OFFSET alone and matches case-insensitively under a binary collation', async () => {
    const Words = table('words', { id: integer().primaryKey(), w: customType<string>('VARCHAR(20) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin') });
    await createAll(engine, toSchema([Words]));
    await engine.execute("INSERT INTO words (w) VALUES ('Hello'), ('WORLD'), ('other')");
    const paged = compileSelect(mysqlDialect, { table: 'words', orderBy: [Words.c.id.asc()], offset: 1 });
    expect(paged.sql).toBe('SELECT * FROM `words` ORDER BY `words`.`id` ASC LIMIT 18446744073709551615 OFFSET 1');
    expect((await engine.execute(paged.sql, paged.params)).rows.map((r) => r.w)).toEqual(['WORLD', 'other']);
    const like = compileSelect(mysqlDialect, { table: 'words', where: Words.c.w.like('hello') });
    expect((await engine.execute(like.sql, like.params)).rows).toEqual([]);
    const ilike = compileSelect(mysqlDialect, { table: 'words', where: Words.c.w.ilike('hello') });
    expect((await engine.execute(ilike.sql, ilike.params)).rows.map((r) => r.w)).toEqual(['Hello']);
    expect(compileInsert(mysqlDialect, 'words', [], []).sql).toBe('INSERT INTO `words` () VALUES ()');
  });

  it('reads whether multi-row INSERT keys are consecutive from the server settings', async () => {
    const conn = await engine.connect();
    try {
      const { rows } = await conn.execute('SELECT @@innodb_autoinc_lock_mode AS m, @@auto_increment_increment AS s');
      expect(conn.raw.consecutiveInsertIds).toBe(Number(rows[0]!.m) <= 1 && Number(rows[0]!.s) === 1);
      // A multi-row INSERT's keys run from LAST_INSERT_ID(), the first of them (capabilities.insertIdRange).
      expect(mysqlDialect.capabilities.insertIdRange).toBe('first');
      await conn.execute('CREATE TABLE ids (id INT AUTO_INCREMENT PRIMARY KEY, v INT)');
      await conn.execute('INSERT INTO ids (id, v) VALUES (10, 0)');
      const r = await conn.execute('INSERT INTO ids (v) VALUES (?), (?), (?)', [1, 2, 3]);
      expect([r.lastInsertId, r.rowsAffected]).toEqual([11, 3]);
      // Rows as arrays in select-list order (duplicate names kept apart), decoded as `query` does.
      expect(await conn.queryArrays('SELECT id, v, id FROM ids WHERE v >= ? ORDER BY id', [2])).toEqual([[12, 2, 12], [13, 3, 13]]);
    } finally {
      conn.release();
    }
  });

  it('holds the migration lock with GET_LOCK: a second session times out with LockError', async () => {
    const first = await engine.connect();
    const second = await engine.connect();
    try {
      const release = await mysqlDialect.acquireMigrationLock(first.raw, { key: 'ormkit_migrate', timeoutMs: 1000 });
      const started = Date.now();
      const err = await mysqlDialect.acquireMigrationLock(second.raw, { key: 'ormkit_migrate', timeoutMs: 400 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(LockError);
      expect((err as Error).message).toMatch(/another session holds the migration lock 'ormkit_migrate' \(waited 400 ms\)/);
      expect(Date.now() - started).toBeGreaterThanOrEqual(350);
      await release();
      const again = await mysqlDialect.acquireMigrationLock(second.raw, { key: 'ormkit_migrate', timeoutMs: 1000 });
      await again();
    } finally {
      first.release();
      second.release();
    }
  });
});
