import { afterAll, beforeAll, expect, it } from 'vitest';
import { mysqlDialect } from '../src/dialects/mysql/index.js';
import type { Column, Engine, Schema, Table } from '../src/index.js';
import { DialectError, bigint, boolean, createAll, createEngine, integer, json, table, text, timestamp, toSchema, varchar } from '../src/index.js';
import type { Operation, PlannedStatement } from '../src/ops/operations.js';
import { findTable } from '../src/schema/ir.js';
import { diff } from '../src/diff/diff.js';
import { migrate } from './support/migrate.js';
import { useTestDatabase } from './support/databases.js';
import { describeMysql, runAll } from './support/mysql.js';
import { columnKeys } from '../src/schema/index-keys.js';

const { normalize } = mysqlDialect;
const col = (name: string, type: Column['type'], patch: Partial<Column> = {}): Column => ({
  name,
  type,
  nullable: true,
  default: null,
  autoIncrement: false,
  comment: null,
  ...patch,
});

describeMysql('mysql plan: expected SQL per operation, executed for real', () => {
  const db = useTestDatabase('mysql');
  let engine: Engine;
  beforeAll(async () => {
    engine = await createEngine(db().url);
  });
  afterAll(async () => {
    await engine?.close();
  });

  /** Plans against the live schema (or the given one), runs the statements, returns them. */
  const apply = async (op: Operation, schema?: Schema): Promise<PlannedStatement[]> => {
    const planned = mysqlDialect.plan(op, { schema: schema ?? (await engine.introspect()) });
    await runAll(engine, planned);
    return planned;
  };
  const sqlOf = (planned: readonly PlannedStatement[]): string[] => planned.map((s) => s.sql);
  const live = async (name: string): Promise<Table | undefined> => findTable(await engine.introspect({ only: [name] }), name);
  const rows = async (sql: string) => (await engine.execute(sql)).rows;
  const make = async (...models: Parameters<typeof toSchema>[0]) => {
    const schema = toSchema(models);
    await createAll(engine, schema);
    return schema;
  };

  it('createTable: CREATE TABLE with constraints inline, then its indexes', async () => {
    const Author = table('author', {
      id: integer().primaryKey(),
      name: varchar(80).notNull().unique(),
      bio: text().comment('free text'),
      active: boolean().notNull().default(true),
    }, (t) => [t.index([t.c.active, t.c.name]), t.check('ck_author_name', "name <> ''")]);
    const op: Operation = { kind: 'createTable', table: toSchema([Author]).tables[0]! };
    expect(sqlOf(await apply(op))).toEqual([
      'CREATE TABLE `author` (\n' +
        '  `id` INT NOT NULL AUTO_INCREMENT,\n' +
        '  `name` VARCHAR(80) NOT NULL,\n' +
        "  `bio` TEXT COMMENT 'free text',\n" +
        '  `active` TINYINT(1) NOT NULL DEFAULT 1,\n' +
        '  PRIMARY KEY (`id`),\n' +
        '  CONSTRAINT `uq_author_name` UNIQUE (`name`),\n' +
        "  CONSTRAINT `ck_author_name` CHECK (name <> '')\n" +
        ') ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci',
      'CREATE INDEX `ix_author_active_name` ON `author` (`active`, `name`)',
    ]);
    expect(normalize({ tables: [(await live('author'))!] })).toEqual(normalize({ tables: [op.table] }));
  });

  it('dropTable and renameTable', async () => {
    await make(table('old_name', { id: integer().primaryKey() }), table('doomed', { id: integer().primaryKey() }));
    await engine.execute('INSERT INTO old_name (id) VALUES (7)');
    expect(sqlOf(await apply({ kind: 'renameTable', from: 'old_name', to: 'new_name' }))).toEqual(['RENAME TABLE `old_name` TO `new_name`']);
    expect(await rows('SELECT id FROM new_name')).toEqual([{ id: 7 }]);
    expect(await live('old_name')).toBeUndefined();
    const doomed = (await live('doomed'))!;
    expect(sqlOf(await apply({ kind: 'dropTable', table: doomed }))).toEqual(['DROP TABLE `doomed`']);
    expect(await live('doomed')).toBeUndefined();
  });

  it('addColumn, renameColumn, dropColumn keep the rows', async () => {
    await make(table('person', { id: integer().primaryKey(), first: varchar(20) }));
    await engine.execute("INSERT INTO person (first) VALUES ('ada'), ('alan')");
    const nick = col('nick', { kind: 'varchar', length: 20 }, { nullable: false, default: { kind: 'literal', value: "n/a 'x'" }, comment: 'shown name' });
    expect(sqlOf(await apply({ kind: 'addColumn', table: 'person', column: nick }))).toEqual([
      "ALTER TABLE `person` ADD COLUMN `nick` VARCHAR(20) NOT NULL DEFAULT 'n/a ''x''' COMMENT 'shown name'",
    ]);
    expect((await live('person'))!.columns[2]).toEqual(nick);
    expect(sqlOf(await apply({ kind: 'renameColumn', table: 'person', from: 'first', to: 'given' }))).toEqual(['ALTER TABLE `person` RENAME COLUMN `first` TO `given`']);
    expect(await rows('SELECT given, nick FROM person ORDER BY id')).toEqual([
      { given: 'ada', nick: "n/a 'x'" },
      { given: 'alan', nick: "n/a 'x'" },
    ]);
    expect(sqlOf(await apply({ kind: 'dropColumn', table: 'person', column: nick }))).toEqual(['ALTER TABLE `person` DROP COLUMN `nick`']);
    expect((await live('person'))!.columns.map((c) => c.name)).toEqual(['id', 'given']);
  });

  it('renameColumn of a json column restates it, so MariaDB renames its json_valid check too', async () => {
    await make(table('docs', { id: integer().primaryKey(), body: json().notNull() }));
    await engine.execute(`INSERT INTO docs (body) VALUES ('{"a":1}')`);
    expect(sqlOf(await apply({ kind: 'renameColumn', table: 'docs', from: 'body', to: 'content' }))).toEqual(['ALTER TABLE `docs` CHANGE COLUMN `body` `content` JSON NOT NULL']);
    expect(normalize({ tables: [(await live('docs'))!] })).toEqual(normalize(toSchema([table('docs', { id: integer().primaryKey(), content: json().notNull() })])));
    expect(await rows('SELECT content FROM docs')).toEqual([{ content: '{"a":1}' }]);
  });

  it('alterColumn: MODIFY COLUMN with the full after-definition; rows survive', async () => {
    await make(table('counter', { id: integer().primaryKey(), hits: integer(), doc: text() }));
    await engine.execute(`INSERT INTO counter (hits, doc) VALUES (1, '{"a":1}'), (2147483647, '[1,2]'), (NULL, NULL)`);
    const before = (await live('counter'))!;
    const hits = col('hits', { kind: 'bigint' }, { nullable: false, default: { kind: 'literal', value: 0 }, comment: 'page views' });
    await engine.execute('UPDATE counter SET hits = 0 WHERE hits IS NULL');
    expect(sqlOf(await apply({ kind: 'alterColumn', table: 'counter', before: before.columns[1]!, after: hits }))).toEqual([
      "ALTER TABLE `counter` MODIFY COLUMN `hits` BIGINT NOT NULL DEFAULT 0 COMMENT 'page views'",
    ]);
    const doc = col('doc', { kind: 'json' });
    expect(sqlOf(await apply({ kind: 'alterColumn', table: 'counter', before: before.columns[2]!, after: doc }))).toEqual(['ALTER TABLE `counter` MODIFY COLUMN `doc` JSON']);
    const after = (await live('counter'))!;
    expect(after.columns.slice(1)).toEqual([hits, doc]);
    expect(after.checks).toEqual([]);
    expect(await rows('SELECT hits, doc FROM counter ORDER BY id')).toEqual([
      { hits: 1, doc: '{"a":1}' },
      { hits: 2147483647, doc: '[1,2]' },
      { hits: 0, doc: null },
    ]);
  });

  it('alterColumn of a key column under a foreign key (int → bigint at both ends): the diff drops the key around the change', async () => {
    // MariaDB refuses to change the type of a column a foreign key uses (1832/1833), even with FOREIGN_KEY_CHECKS=0.
    const shape = (key: typeof integer | typeof bigint) => {
      const Owner = table('owner', { id: key().primaryKey(), name: text() });
      const Pet = table('pet', { id: integer().primaryKey(), owner_id: key().references(() => Owner.c.id, { onDelete: 'cascade' }).index() });
      return [Owner, Pet];
    };
    await make(...shape(integer));
    await engine.execute(`INSERT INTO owner (id, name) VALUES (1, 'a'), (2147483647, 'b')`);
    await engine.execute(`INSERT INTO pet (owner_id) VALUES (1), (2147483647), (NULL)`);
    const wide = toSchema(shape(bigint));
    const ops = diff(await engine.introspect({ only: ['owner', 'pet'] }), wide, { dialect: mysqlDialect }).operations;
    expect(ops.map((op) => `${op.kind} ${'table' in op && typeof op.table === 'string' ? op.table : ''}`)).toEqual([
      'dropConstraint pet',
      'alterColumn owner',
      'alterColumn pet',
      'addConstraint pet',
    ]);
    await migrate(engine, ops);
    expect(diff(await engine.introspect({ only: ['owner', 'pet'] }), wide, { dialect: mysqlDialect }).operations).toEqual([]);
    expect(await rows('SELECT owner_id FROM pet ORDER BY id')).toEqual([{ owner_id: 1 }, { owner_id: 2147483647 }, { owner_id: null }]);
    await engine.execute('DELETE FROM owner WHERE id = 1');
    expect(await rows('SELECT owner_id FROM pet ORDER BY id')).toEqual([{ owner_id: 2147483647 }, { owner_id: null }]);
  });

  it('createIndex and dropIndex; an index a foreign key needs is replaced, not lost', async () => {
    const Shelf = table('shelf', { id: integer().primaryKey() });
    const Book = table('book', { id: integer().primaryKey(), shelf_id: integer().references(() => Shelf.c.id).index(), title: varchar(50), isbn: varchar(20) });
    await make(Shelf, Book);
    const index = { name: 'ix_book_title_isbn', keys: columnKeys(['title', 'isbn']), unique: false, where: null };
    expect(sqlOf(await apply({ kind: 'createIndex', table: 'book', index }))).toEqual(['CREATE INDEX `ix_book_title_isbn` ON `book` (`title`, `isbn`)']);
    expect(sqlOf(await apply({ kind: 'createIndex', table: 'book', index: { name: 'ux_book_isbn', keys: columnKeys(['isbn']), unique: true, where: null } }))).toEqual([
      'CREATE UNIQUE INDEX `ux_book_isbn` ON `book` (`isbn`)',
    ]);
    expect(() => mysqlDialect.plan({ kind: 'createIndex', table: 'book', index: { ...index, where: 'title IS NOT NULL' } }, { schema: { tables: [] } })).toThrow(DialectError);
    expect(sqlOf(await apply({ kind: 'dropIndex', table: 'book', index }))).toEqual(['DROP INDEX `ix_book_title_isbn` ON `book`']);

    // ix_book_shelf_id is the only index serving the foreign key: InnoDB refuses to drop it alone.
    const shelfIndex = { name: 'ix_book_shelf_id', keys: columnKeys(['shelf_id']), unique: false, where: null };
    await expect(engine.execute('DROP INDEX `ix_book_shelf_id` ON `book`')).rejects.toThrow(/needed in a foreign key constraint/);
    expect(sqlOf(await apply({ kind: 'dropIndex', table: 'book', index: shelfIndex }))).toEqual([
      'ALTER TABLE `book` DROP INDEX `ix_book_shelf_id`, ADD INDEX `fk_book_shelf_id_shelf` (`shelf_id`)',
    ]);
    const book = (await live('book'))!;
    expect(book.indexes).toEqual([]);
    expect(book.uniques).toEqual([{ name: 'ux_book_isbn', columns: ['isbn'] }]);
    expect(book.foreignKeys.map((f) => f.name)).toEqual(['fk_book_shelf_id_shelf']);
  });

  it('addConstraint: unique, check, foreign key, and a primary key that brings AUTO_INCREMENT', async () => {
    await make(table('team', { id: integer().primaryKey() }), table('member', { id: integer(), team_id: integer(), email: varchar(80), age: integer() }));
    await engine.execute("INSERT INTO member (team_id, email, age) VALUES (NULL, 'a@x', 30), (NULL, 'b@x', 40)");
    const cases: Array<[Operation, string]> = [
      [{ kind: 'addConstraint', table: 'member', constraint: { type: 'unique', name: 'uq_member_email', columns: ['email'] } }, 'ALTER TABLE `member` ADD CONSTRAINT `uq_member_email` UNIQUE (`email`)'],
      [{ kind: 'addConstraint', table: 'member', constraint: { type: 'check', name: 'ck_member_age', expression: 'age >= 18' } }, 'ALTER TABLE `member` ADD CONSTRAINT `ck_member_age` CHECK (age >= 18)'],
      [
        { kind: 'addConstraint', table: 'member', constraint: { type: 'foreignKey', name: 'fk_member_team', columns: ['team_id'], refTable: 'team', refColumns: ['id'], onDelete: 'set null', onUpdate: 'cascade' } },
        'ALTER TABLE `member` ADD CONSTRAINT `fk_member_team` FOREIGN KEY (`team_id`) REFERENCES `team` (`id`) ON DELETE SET NULL ON UPDATE CASCADE',
      ],
    ];
    for (const [op, sql] of cases) expect(sqlOf(await apply(op))).toEqual([sql]);

    // The runner's schema holds the column as the model declares it: an auto-increment key to be.
    const current = await engine.introspect();
    const member = findTable(current, 'member')!;
    const context: Schema = { tables: current.tables.map((t) => (t === member ? { ...t, columns: [{ ...member.columns[0]!, nullable: false, autoIncrement: true }, ...member.columns.slice(1)] } : t)) };
    expect(sqlOf(await apply({ kind: 'addConstraint', table: 'member', constraint: { type: 'primaryKey', name: null, columns: ['id'] } }, context))).toEqual([
      'ALTER TABLE `member` ADD PRIMARY KEY (`id`), MODIFY COLUMN `id` INT NOT NULL AUTO_INCREMENT',
    ]);
    const after = (await live('member'))!;
    expect(after.primaryKey).toEqual({ name: null, columns: ['id'] });
    expect(after.columns[0]!.autoIncrement).toBe(true);
    expect(after.uniques.map((u) => u.name)).toEqual(['uq_member_email']);
    expect(after.checks).toEqual([{ name: 'ck_member_age', expression: '`age` >= 18' }]);
    expect(after.foreignKeys).toEqual([{ name: 'fk_member_team', columns: ['team_id'], refTable: 'team', refColumns: ['id'], onDelete: 'set null', onUpdate: 'cascade' }]);
    expect(await rows('SELECT id, email FROM member ORDER BY id')).toEqual([
      { id: 1, email: 'a@x' },
      { id: 2, email: 'b@x' },
    ]);
    await expect(engine.execute("INSERT INTO member (email, age) VALUES ('kid@x', 5)")).rejects.toThrow(/check constraint 'ck_member_age'/);
  });

  it('dropConstraint: DROP INDEX / DROP CONSTRAINT / DROP FOREIGN KEY (with its implicit index) / DROP PRIMARY KEY', async () => {
    const Club = table('club', { id: integer().primaryKey() });
    const Player = table('player', {
      id: integer().primaryKey(),
      club_id: integer().references(() => Club.c.id),
      former_club_id: integer().references(() => Club.c.id).index(),
      shirt: integer().unique().check('shirt > 0'),
    });
    const schema = await make(Club, Player);
    const player = findTable(schema, 'player')!;
    const [fkClub, fkFormer] = player.foreignKeys;
    const drop = async (constraint: Extract<Operation, { kind: 'dropConstraint' }>['constraint']) => sqlOf(await apply({ kind: 'dropConstraint', table: 'player', constraint }));

    expect(await drop({ type: 'unique', ...player.uniques[0]! })).toEqual(['ALTER TABLE `player` DROP INDEX `uq_player_shirt`']);
    expect(await drop({ type: 'check', ...player.checks[0]! })).toEqual(['ALTER TABLE `player` DROP CONSTRAINT `ck_player_shirt`']);
    expect(await drop({ type: 'foreignKey', ...fkClub! })).toEqual(['ALTER TABLE `player` DROP FOREIGN KEY `fk_player_club_id_club`, DROP INDEX `fk_player_club_id_club`']);
    expect(await drop({ type: 'foreignKey', ...fkFormer! })).toEqual(['ALTER TABLE `player` DROP FOREIGN KEY `fk_player_former_club_id_club`']);
    expect(await drop({ type: 'primaryKey', name: null, columns: ['id'] })).toEqual(['ALTER TABLE `player` MODIFY COLUMN `id` INT NOT NULL, DROP PRIMARY KEY']);

    const after = (await live('player'))!;
    expect([after.primaryKey, after.uniques, after.checks, after.foreignKeys]).toEqual([null, [], [], []]);
    expect(after.columns[0]!.autoIncrement).toBe(false);
    // The user's index stays; the implicit one went with its foreign key, leaving no stray index.
    expect(after.indexes.map((i) => i.name)).toEqual(['ix_player_former_club_id']);
    const stats = await rows("SELECT DISTINCT INDEX_NAME AS name FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'player'");
    expect(stats).toEqual([{ name: 'ix_player_former_club_id' }]);
  });

  it('renameIndex and a unique renameConstraint are RENAME INDEX (the index kept); a check or foreign key is dropped and added', async () => {
    const Crew = table('crew', { id: integer().primaryKey() });
    const Sailor = table('sailor', { id: integer().primaryKey(), crew_id: integer().references(() => Crew.c.id), rank: integer().unique().check('rank > 0').index() });
    const sailor = findTable(await make(Crew, Sailor), 'sailor')!;
    await engine.execute('INSERT INTO crew (id) VALUES (1)');
    await engine.execute('INSERT INTO sailor (crew_id, `rank`) VALUES (1, 1), (1, 2)');
    // InnoDB's index ids (MariaDB's catalog; the suite runs on MariaDB): a rebuilt index gets a new one.
    const ids = async () =>
      rows("SELECT i.NAME AS name, i.INDEX_ID AS id FROM information_schema.INNODB_SYS_INDEXES i JOIN information_schema.INNODB_SYS_TABLES t ON t.TABLE_ID = i.TABLE_ID WHERE t.NAME = CONCAT(DATABASE(), '/sailor') ORDER BY i.INDEX_ID");
    const before = await ids();
    const rename = async (op: Operation) => sqlOf(await apply(op));
    expect(await rename({ kind: 'renameIndex', table: 'sailor', from: 'ix_sailor_rank', to: 'ix_sailor_grade' })).toEqual(['ALTER TABLE `sailor` RENAME INDEX `ix_sailor_rank` TO `ix_sailor_grade`']);
    expect(await rename({ kind: 'renameConstraint', table: 'sailor', constraint: { type: 'unique', ...sailor.uniques[0]! }, to: 'uq_sailor_grade' })).toEqual([
      'ALTER TABLE `sailor` RENAME INDEX `uq_sailor_rank` TO `uq_sailor_grade`',
    ]);
    const renamed = (n: string) => n.replace('ix_sailor_rank', 'ix_sailor_grade').replace('uq_sailor_rank', 'uq_sailor_grade');
    expect(await ids()).toEqual(before.map((r) => ({ ...r, name: renamed(String(r.name)) })));

    expect(await rename({ kind: 'renameConstraint', table: 'sailor', constraint: { type: 'check', ...sailor.checks[0]! }, to: 'ck_sailor_grade' })).toEqual([
      'ALTER TABLE `sailor` DROP CONSTRAINT `ck_sailor_rank`, ADD CONSTRAINT `ck_sailor_grade` CHECK (rank > 0)',
    ]);
    // The foreign key's implicit index goes with it and comes back under the new name.
    expect(await rename({ kind: 'renameConstraint', table: 'sailor', constraint: { type: 'foreignKey', ...sailor.foreignKeys[0]! }, to: 'fk_sailor_crew' })).toEqual([
      'ALTER TABLE `sailor` DROP FOREIGN KEY `fk_sailor_crew_id_crew`, DROP INDEX `fk_sailor_crew_id_crew`, ADD CONSTRAINT `fk_sailor_crew` FOREIGN KEY (`crew_id`) REFERENCES `crew` (`id`)',
    ]);
    const after = (await live('sailor'))!;
    expect([after.indexes, after.uniques, after.checks.map((c) => c.name), after.foreignKeys.map((f) => f.name)]).toEqual([
      [{ name: 'ix_sailor_grade', keys: columnKeys(['rank']), unique: false, where: null }],
      [{ name: 'uq_sailor_grade', columns: ['rank'] }],
      ['ck_sailor_grade'],
      ['fk_sailor_crew'],
    ]);
    const stats = await rows("SELECT DISTINCT INDEX_NAME AS name FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'sailor' ORDER BY name");
    expect(stats).toEqual([{ name: 'fk_sailor_crew' }, { name: 'ix_sailor_grade' }, { name: 'PRIMARY' }, { name: 'uq_sailor_grade' }]);
    expect(await rows('SELECT crew_id, `rank` FROM sailor ORDER BY id')).toEqual([{ crew_id: 1, rank: 1 }, { crew_id: 1, rank: 2 }]);
  });

  it('setTableComment, enums (inline here), execute', async () => {
    await make(table('note', { id: integer().primaryKey(), at: timestamp() }));
    expect(sqlOf(await apply({ kind: 'setTableComment', table: 'note', before: null, after: "owner's notes" }))).toEqual(["ALTER TABLE `note` COMMENT = 'owner''s notes'"]);
    expect((await live('note'))!.comment).toBe("owner's notes");
    expect(sqlOf(await apply({ kind: 'setTableComment', table: 'note', before: "owner's notes", after: null }))).toEqual(["ALTER TABLE `note` COMMENT = ''"]);
    expect((await live('note'))!.comment).toBeNull();

    const mood = { name: 'mood', values: ['happy', 'sad'] };
    expect(await apply({ kind: 'createEnum', enum: mood })).toEqual([]);
    expect(await apply({ kind: 'dropEnum', enum: mood })).toEqual([]);
    expect(() => mysqlDialect.plan({ kind: 'alterEnum', before: mood, after: { ...mood, values: ['happy', 'sad', 'meh'] } }, { schema: { tables: [] } })).toThrow(
      /no named enum types.*alterColumn/,
    );

    expect(sqlOf(await apply({ kind: 'execute', sql: "INSERT INTO note (at) VALUES ('2024-01-02 03:04:05')", reverse: null }))).toEqual([
      "INSERT INTO note (at) VALUES ('2024-01-02 03:04:05')",
    ]);
    expect(await rows('SELECT at FROM note')).toEqual([{ at: '2024-01-02 03:04:05.000000' }]);
  });

  it('bulkInsert: bound multi-row INSERTs, DEFAULT for missing keys, batched under 65535 parameters', async () => {
    await make(table('event', { id: bigint().primaryKey(), kind: varchar(20).notNull().default('click'), seen: boolean(), data: json(), at: timestamp() }));
    const at = new Date('2024-05-06T07:08:09.010Z');
    const small = await apply({ kind: 'bulkInsert', table: 'event', rows: [{ kind: 'open', seen: true, data: { a: [1] }, at }, { seen: false }] });
    expect(small).toEqual([
      {
        sql: 'INSERT INTO `event` (`kind`, `seen`, `data`, `at`) VALUES (?, ?, ?, ?), (DEFAULT, ?, DEFAULT, DEFAULT)',
        params: ['open', 1, '{"a":[1]}', '2024-05-06 07:08:09.010', 0],
      },
    ]);
    expect(await rows('SELECT id, kind, seen, data, at FROM event ORDER BY id')).toEqual([
      { id: 1, kind: 'open', seen: 1, data: '{"a":[1]}', at: '2024-05-06 07:08:09.010000' },
      { id: 2, kind: 'click', seen: 0, data: null, at: null },
    ]);

    const many = Array.from({ length: 30_000 }, (_, i) => ({ kind: `k${i % 7}`, seen: i % 2 === 0, data: i }));
    const planned = mysqlDialect.plan({ kind: 'bulkInsert', table: 'event', rows: many }, { schema: await engine.introspect() });
    expect(planned).toHaveLength(2);
    expect(planned.map((s) => s.params!.length)).toEqual([21_845 * 3, (30_000 - 21_845) * 3]);
    expect(planned.every((s) => s.params!.length <= mysqlDialect.capabilities.maxParameters)).toBe(true);
    await runAll(engine, planned);
    expect(await rows("SELECT COUNT(*) AS n, SUM(seen) AS yes FROM event WHERE kind LIKE 'k%'")).toEqual([{ n: 30_000, yes: '15000' }]);
  });
});
