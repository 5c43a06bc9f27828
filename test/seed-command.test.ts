import { beforeAll, beforeEach, expect, it } from 'vitest';
import { describeDialects, useTestDatabase } from './support/databases.js';
import type { TestProject } from './support/project.js';
import { createProject } from './support/project.js';

const MODELS = `
import { boolean, integer, table, text, varchar } from 'ormkit';

export const User = table('users', {
  id: integer().primaryKey(),
  name: varchar(50).notNull(),
  email: varchar(100).unique(),
  age: integer(),
  active: boolean().notNull().default(true),
  note: text(),
});

export const Post = table('posts', {
  id: integer().primaryKey(),
  user_id: integer().notNull().references(() => User.c.id),
  title: text().notNull(),
});

export const Tag = table('tags', {
  label: varchar(30).notNull(),
});
`;

describeDialects('orm seed', (dialect) => {
  const db = useTestDatabase(dialect);
  let p: TestProject;
  beforeAll(async () => {
    p = await createProject(db().url, MODELS);
  });
  beforeEach(async () => {
    for (const t of ['posts', 'users', 'tags']) expect((await p.orm(['delete', t, '--all', '--yes'])).code).toBe(0);
  });

  const rows = async (table: string, order = 'id') => (await p.json(['select', table, ...(order ? ['--order', order] : [])])).rows as Record<string, unknown>[];
  const counts = async () => Promise.all(['users', 'posts', 'tags'].map(async (t) => (await p.json(['count', t])).count as number));

  it('loads JSON, {table: rows} JSON and CSV files, parents before children whatever the file order', async () => {
    p.write('data/fk/posts.csv', 'id,user_id,title\n10,1,Hello\n11,2,"Second, with comma"\n');
    p.write('data/fk/users.json', JSON.stringify([{ id: 1, name: 'Ann', age: 30 }, { id: 2, name: 'Bob', email: 'bob@x' }]));
    p.write('data/fk/extra.json', JSON.stringify({ tags: [{ label: 'a' }, { label: 'b' }] }));
    const r = await p.orm(['seed', 'data/fk']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^tags: 2 rows \(data\/fk\/extra\.json, [\d,]+ rows\/s\)$/);
    expect(lines[1]).toMatch(/^users: 2 rows \(data\/fk\/users\.json/);
    expect(lines[2]).toMatch(/^posts: 2 rows \(data\/fk\/posts\.csv/);
    expect(lines[3]).toMatch(/^seeded 6 rows \(insert\) in [\d.]+ s$/);
    expect(await rows('posts')).toEqual([{ id: 10, user_id: 1, title: 'Hello' }, { id: 11, user_id: 2, title: 'Second, with comma' }]);
    expect((await rows('users')).map((u) => [u.name, u.age, u.email, u.active])).toEqual([['Ann', 30, null, true], ['Bob', null, 'bob@x', true]]);
  });

  it('reports a JSON summary with --json', async () => {
    p.write('data/json/users.json', JSON.stringify([{ name: 'A' }]));
    const result = await p.json(['seed', 'data/json']);
    expect(result).toMatchObject({ mode: 'insert', files: ['data/json/users.json'], truncated: [], functions: [], totalRows: 1, tables: [{ table: 'users', rows: 1, files: ['data/json/users.json'] }] });
  });

  it('uses the config seeds folder by default, and file names with a numeric prefix', async () => {
    p.write('seeds/01_users.json', JSON.stringify([{ id: 1, name: 'Ann' }]));
    p.write('seeds/02_posts.json', JSON.stringify([{ id: 1, user_id: 1, title: 'T' }]));
    const r = await p.orm(['seed']);
    expect(r.code).toBe(0);
    expect(await counts()).toEqual([1, 1, 0]);
    p.write('seeds/01_users.json', '[]');
    p.write('seeds/02_posts.json', '[]');
  });

  it('loads TS modules: rows by table, named exports, and a seed function with insert() and the connection', async () => {
    p.write('data/ts/base.ts', "export default { users: [{ id: 1, name: 'Ann', active: false }, { id: 2, name: 'Bob' }] };");
    p.write('data/ts/tags.ts', "export const tags = [{ label: 'x' }];");
    p.write(
      'data/ts/zz-posts.ts',
      `import type { SeedContext } from 'ormkit';
       export default async (ctx: SeedContext) => {
         const n = await ctx.insert('posts', [{ id: 1, user_id: 1, title: 'by function' }]);
         const { rows } = await ctx.connection.execute('SELECT COUNT(*) AS n FROM users');
         await ctx.insert('posts', { id: 2, user_id: 2, title: 'users seen: ' + Number(rows[0].n) + ', inserted ' + n });
       };`,
    );
    const r = await p.orm(['seed', 'data/ts']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('ran data/ts/zz-posts.ts');
    expect((await rows('users')).map((u) => [u.name, u.active])).toEqual([['Ann', false], ['Bob', true]]);
    expect((await rows('posts')).map((x) => x.title)).toEqual(['by function', 'users seen: 2, inserted 1']);
    expect((await rows('tags', '')).map((x) => x.label)).toEqual(['x']);
  });

  it('gives seed functions an ORM session in the seed transaction: its objects commit with the seed', async () => {
    p.write(
      'data/orm/users.ts',
      `import type { SeedContext } from 'ormkit';
       import { User, Post } from '../../models/index.ts';
       export default async (ctx: SeedContext) => {
         const ann = new User({ name: 'Ann', email: 'ann@x', age: 30 });
         ctx.session.add(ann);
         await ctx.session.flush();
         ctx.session.add(new Post({ user_id: ann.id, title: 'flushed by the seed' }));
         // The session and the connection are one transaction: the flushed row is visible.
         const { rows } = await ctx.connection.execute('SELECT COUNT(*) AS n FROM users');
         ctx.session.add(new User({ name: 'seen ' + Number(rows[0].n) }));
       };`,
    );
    const r = await p.orm(['seed', 'data/orm']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const users = await rows('users');
    expect(users.map((u) => [u.name, u.email, u.age])).toEqual([['Ann', 'ann@x', 30], ['seen 1', null, null]]);
    expect((await rows('posts')).map((x) => [x.user_id, x.title])).toEqual([[users[0]!.id, 'flushed by the seed']]);
  });

  it('rolls back what a failing seed function added through its session, with the rest of the seed', async () => {
    p.write('data/ormfail/a.json', JSON.stringify({ tags: [{ label: 'from json' }] }));
    p.write(
      'data/ormfail/b.ts',
      `import type { SeedContext } from 'ormkit';
       import { User } from '../../models/index.ts';
       export default async (ctx: SeedContext) => {
         ctx.session.add(new User({ id: 1, name: 'Ann' }));
         await ctx.session.commit();
         ctx.session.add(new User({ id: 2, name: 'Bob' }));
         throw new Error('changed my mind');
       };`,
    );
    const failing = await p.orm(['seed', 'data/ormfail']);
    expect(failing.stderr.trim()).toBe('error: data/ormfail/b.ts: the seed function failed: changed my mind');
    expect(failing.code).not.toBe(0);
    // A flush that fails (a duplicate key) fails the seed the same way.
    p.write('data/ormdup/c.ts', `import { User } from '../../models/index.ts';
       export default async (ctx: any) => { ctx.session.addAll([new User({ id: 1, name: 'A' }), new User({ id: 1, name: 'B' })]); };`);
    const dup = await p.orm(['seed', 'data/ormdup']);
    expect(dup.stderr).toMatch(/^error: data\/ormdup\/c\.ts: .*(unique|duplicate|primary)/i);
    expect(await counts()).toEqual([0, 0, 0]);
  });

  it('keeps quotes, commas, line breaks, NULL and empty strings through select --format csv and back', async () => {
    const users = [
      { id: 1, name: 'He said "hi", then left', note: 'line 1\nline 2\r\nline 3' },
      { id: 2, name: ' padded ', note: '' },
      { id: 3, name: 'semi;colon', note: null },
      { id: 4, name: "it's é 😀", note: '"quoted"' },
    ];
    await p.orm(['insert', 'users', JSON.stringify(users)]);
    const before = await rows('users');
    const csv = await p.orm(['select', 'users', '--format', 'csv']);
    await p.orm(['delete', 'users', '--all', '--yes']);
    p.write('data/rt/users.csv', csv.stdout);
    const r = await p.orm(['seed', 'data/rt/users.csv']);
    expect(r.code).toBe(0);
    expect(await rows('users')).toEqual(before);
    expect((await rows('users')).map((u) => u.note)).toEqual(users.map((u) => u.note));
  });

  it('names file, line, column and problem of a bad CSV row, exits 2, and leaves the database unchanged', async () => {
    await p.orm(['insert', 'users', 'id=99', 'name=Existing']);
    p.write('data/bad/tags.json', JSON.stringify([{ label: 'would be rolled back' }]));
    p.write('data/bad/users.csv', 'id,name,age\n1,"multi\nline",3\n2,ok,abc\n');
    const r = await p.orm(['seed', 'data/bad']);
    expect(r.stderr.trim()).toBe("error: data/bad/users.csv:4 age: 'abc' is not an integer");
    expect(r.code).toBe(2);
    expect(await counts()).toEqual([1, 0, 0]);
  });

  it('names the line of other bad rows: field count, header, NOT NULL, JSON and module rows', async () => {
    const cases: Array<[string, string, RegExp]> = [
      ['users.csv', 'id,name\n1,a\n2,b,extra\n', /^error: data\/e\/users\.csv:3 expected 2 fields \(as in the header\), found 3$/],
      ['users.csv', 'id,nmae\n1,a\n', /^error: data\/e\/users\.csv:1 no column 'nmae' in table users \(did you mean 'name'\?\)$/],
      ['users.csv', 'id,age\n1,3\n', /^error: data\/e\/users\.csv:1 name: a value is required \(NOT NULL without a default\), but the header has no such column$/],
      ['users.csv', 'id,name\n1,\n', /^error: data\/e\/users\.csv:2 name: a value is required \(the column is NOT NULL\); an empty field is NULL, write "" for an empty string$/],
      ['users.csv', 'id,name\n1,"open\n', /^error: data\/e\/users\.csv:2 a quoted field is never closed/],
      ['users.csv', '', /^error: data\/e\/users\.csv: empty file/],
      ['users.json', '[\n  {"name": "a"},\n  {"name": "b",\n   "age": "old"}\n]', /^error: data\/e\/users\.json:3 age: 'old' is not an integer$/],
      ['users.json', '[{"name": "a"}, 42]', /^error: data\/e\/users\.json:1 expected an object of column values, got number$/],
      ['users.json', '{"users": 5}', /^error: data\/e\/users\.json: 'users' must be an array of rows, got number$/],
      ['users.json', '[{"name": ', /^error: data\/e\/users\.json: cannot be read as JSON/],
      ['users.ts', "export default [{ name: 'a' }, { name: 'b', email: { $gt: '' } }];", /^error: data\/e\/users\.ts users\[1\] email: expected a string, got an object/],
      ['users.ts', "throw new Error('boom');", /^error: data\/e\/users\.ts: failed to load: boom$/],
      ['users.ts', 'export const x = 1;', /^error: data\/e\/users\.ts: exports no rows and no seed function/],
      ['users.ts', "export default async () => { throw new Error('inside'); };", /^error: data\/e\/users\.ts: the seed function failed: inside$/],
      ['userz.csv', 'id\n1\n', /^error: data\/e\/userz\.csv: no table 'userz' in the database \(did you mean 'users'\?\)$/],
    ];
    for (const [file, content, pattern] of cases) {
      const dir = `data/e`;
      p.write(`${dir}/${file}`, content);
      const r = await p.orm(['seed', `${dir}/${file}`]);
      expect(r.stderr.trim(), `${file}: ${content}`).toMatch(pattern);
      expect(r.code, file).toBe(2);
    }
    expect(await counts()).toEqual([0, 0, 0]);
  });

  it('names the row the database refuses (exit 3) and rolls everything back', async () => {
    const lines = ['id,name,email'];
    for (let i = 1; i <= 60; i++) lines.push(`${i},u${i},${i === 41 ? 'u7@x' : `u${i}@x`}`);
    p.write('data/dup/users.csv', `${lines.join('\n')}\n`);
    const r = await p.orm(['seed', 'data/dup']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^error: data\/dup\/users\.csv:42 .*unique.*users/i);
    p.write('data/fkbad/posts.json', '[\n {"id": 1, "user_id": 1, "title": "orphan"}\n]');
    const fk = await p.orm(['seed', 'data/fkbad']);
    expect(fk.code).toBe(3);
    expect(fk.stderr).toMatch(/^error: data\/fkbad\/posts\.json:2 .*foreign key/i);
    expect(await counts()).toEqual([0, 0, 0]);
  });

  it('--mode upsert updates the given columns of matching rows and keeps the others', async () => {
    await p.orm(['insert', 'users', JSON.stringify([{ id: 1, name: 'Old', age: 5, active: false, note: 'keep' }])]);
    p.write('data/up/users.csv', 'id,name\n1,New\n2,Added\n');
    const r = await p.orm(['seed', 'data/up', '--mode', 'upsert']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('(upsert)');
    expect((await rows('users')).map((u) => [u.id, u.name, u.age, u.active, u.note])).toEqual([[1, 'New', 5, false, 'keep'], [2, 'Added', null, true, null]]);
  });

  it('--mode replace makes matching rows equal to the seed row: left-out columns return to their defaults', async () => {
    await p.orm(['insert', 'users', JSON.stringify([{ id: 1, name: 'Old', age: 5, active: false, note: 'gone' }])]);
    p.write('data/rep/users.json', JSON.stringify([{ id: 1, name: 'New', age: 6 }]));
    expect((await p.orm(['seed', 'data/rep', '--mode', 'replace'])).code).toBe(0);
    expect((await rows('users')).map((u) => [u.id, u.name, u.age, u.active, u.note])).toEqual([[1, 'New', 6, true, null]]);
  });

  it('--on matches rows on a named unique constraint instead of the primary key', async () => {
    await p.orm(['insert', 'users', JSON.stringify([{ id: 5, name: 'Old', email: 'a@x' }])]);
    p.write('data/on/users.csv', 'name,email\nRenamed,a@x\nFresh,b@x\n');
    const r = await p.orm(['seed', 'data/on', '--mode', 'upsert', '--on', 'uq_users_email']);
    expect(r.stderr).toBe('');
    // The new row's key comes after the one given explicitly (PostgreSQL's sequence was
    // moved past it); which one exactly is the database's: an upsert may use up keys.
    const after = await rows('users');
    expect(after.map((u) => [u.name, u.email])).toEqual([['Renamed', 'a@x'], ['Fresh', 'b@x']]);
    expect(after[0]!.id).toBe(5);
    expect(after[1]!.id).toBeGreaterThan(5);
  });

  it('--mode upsert refuses a row that collides with another row on a different unique key (MySQL would update that row)', async () => {
    await p.orm(['insert', 'users', JSON.stringify([{ id: 1, name: 'Ann', email: 'a@x' }])]);
    p.write('data/other/users.csv', 'id,name,email\n2,Bob,b@x\n5,Impostor,a@x\n');
    const r = await p.orm(['seed', 'data/other', '--mode', 'upsert']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^error: data\/other\/users\.csv:3 .*unique.*users/i);
    expect((await rows('users')).map((u) => [u.id, u.name, u.email])).toEqual([[1, 'Ann', 'a@x']]);
  });

  it('--mode upsert meets a key repeated in one file row after row: the last row wins', async () => {
    p.write('data/rep2/users.csv', 'id,name,age\n1,First,1\n2,Two,2\n1,Second,\n1,Third,3\n');
    const r = await p.json(['seed', 'data/rep2', '--mode', 'upsert']);
    expect(r.totalRows).toBe(4);
    expect((await rows('users')).map((u) => [u.id, u.name, u.age])).toEqual([[1, 'Third', 3], [2, 'Two', 2]]);
    // Keys given explicitly are never generated again afterwards.
    expect((await p.orm(['insert', 'users', 'name=Next'])).stdout).toMatch(/^inserted 1 row into users \(id (\d+)\)\n$/);
    expect((await rows('users')).map((u) => u.name)).toEqual(['Third', 'Two', 'Next']);
  });

  it('refuses upsert without a key to match on, and unknown or misplaced --on', async () => {
    p.write('data/k/tags.json', JSON.stringify([{ label: 'x' }]));
    p.write('data/k/users.json', JSON.stringify([{ name: 'x' }]));
    const noKey = await p.orm(['seed', 'data/k/tags.json', '--mode', 'upsert']);
    // Not "pass --on": tags has no unique constraint to name.
    expect(noKey.stderr.trim()).toBe(
      'error: --mode upsert: table tags has no primary key and no unique constraint to match rows on; seed it with --mode insert (with --truncate to start over), or add a key',
    );
    const unknown = await p.orm(['seed', 'data/k/users.json', '--mode', 'upsert', '--on', 'uq_user_email']);
    expect(unknown.stderr.trim()).toBe("error: --on 'uq_user_email': no unique constraint of that name on the seeded tables (did you mean 'uq_users_email'?)");
    const insertOn = await p.orm(['seed', 'data/k/users.json', '--on', 'uq_users_email']);
    expect(insertOn.stderr).toMatch(/--on names the unique constraint of --mode upsert or --mode replace/);
    const mode = await p.orm(['seed', 'data/k', '--mode', 'merge']);
    for (const r of [noKey, unknown, insertOn, mode]) expect(r.code).toBe(2);
    expect(await counts()).toEqual([0, 0, 0]);
  });

  it('an empty generated key (CSV) or a null one (JSON) gets a generated key on every dialect, rows kept in order', async () => {
    p.write('data/gen/users.csv', 'id,name\n,Ann\n7,Bo\n,Cy\n');
    p.write('data/gen/more.json', JSON.stringify({ users: [{ id: null, name: 'Di' }] }));
    const r = await p.orm(['seed', 'data/gen']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const ids = Object.fromEntries((await rows('users')).map((u) => [u.name, u.id as number]));
    // more.json loads before users.csv (file name order).
    expect(ids.Bo).toBe(7);
    expect(ids.Ann).toBeGreaterThan(ids.Di!);
    expect(ids.Cy).toBeGreaterThan(Math.max(ids.Ann!, 7));
    const one = await p.orm(['insert', 'users', 'id:=null', 'name=Ed']);
    expect(one.stdout).toBe(`inserted 1 row into users (id ${ids.Cy! + 1})\n`);
  });

  it('reads JSON seed files that start with a byte-order mark, as CSV files do', async () => {
    p.write('data/bom/users.json', '\uFEFF[\n  {"id": 1, "name": "Ann"},\n  {"id": 2, "name": "Bo", "age": "x"}\n]\n');
    const bad = await p.orm(['seed', 'data/bom']);
    expect(bad.stderr.trim()).toBe("error: data/bom/users.json:3 age: 'x' is not an integer");
    p.write('data/bom/users.json', '\uFEFF[{"id": 1, "name": "Ann"}]');
    expect((await p.orm(['seed', 'data/bom'])).stderr).toBe('');
    p.write('bom-rows.json', '\uFEFF{"id": 2, "name": "Bo"}');
    expect((await p.orm(['insert', 'users', '--file', 'bom-rows.json'])).stderr).toBe('');
    expect((await rows('users')).map((u) => u.name)).toEqual(['Ann', 'Bo']);
  });

  it('--truncate empties the seeded tables first, dependents first', async () => {
    await p.orm(['insert', 'users', JSON.stringify([{ id: 1, name: 'A' }, { id: 2, name: 'B' }])]);
    await p.orm(['insert', 'posts', JSON.stringify([{ id: 1, user_id: 1, title: 'old' }])]);
    p.write('data/tr/users.json', JSON.stringify([{ id: 1, name: 'Only' }]));
    p.write('data/tr/posts.json', JSON.stringify([{ id: 7, user_id: 1, title: 'new' }]));
    const result = await p.json(['seed', 'data/tr', '--truncate']);
    expect(result.truncated).toEqual([{ table: 'posts', deleted: 1 }, { table: 'users', deleted: 2 }]);
    expect((await rows('users')).map((u) => u.name)).toEqual(['Only']);
    expect((await rows('posts')).map((x) => x.title)).toEqual(['new']);
    const human = await p.orm(['seed', 'data/tr', '--truncate']);
    expect(human.stdout).toMatch(/^emptied posts \(1 row\)\nemptied users \(1 row\)\nusers: 1 row \(data\/tr\/users\.json, [\d,]+ rows\/s\)\n/);
  });

  it('--truncate of a table that rows of an unseeded table reference: names that table and what to do, changes nothing', async () => {
    await p.orm(['insert', 'users', JSON.stringify([{ id: 1, name: 'A' }])]);
    await p.orm(['insert', 'posts', JSON.stringify([{ id: 1, user_id: 1, title: 'keeps A' }])]);
    p.write('data/tr2/users.json', JSON.stringify([{ id: 2, name: 'B' }]));
    const r = await p.orm(['seed', 'data/tr2', '--truncate']);
    expect(r.stderr.trim()).toBe(
      "error: --truncate: cannot empty users: rows of table 'posts', which this seed does not load, still reference it; seed that table too, or empty it first (orm delete <table> --all)",
    );
    expect(r.code).toBe(3);
    expect((await rows('users')).map((u) => u.name)).toEqual(['A']);
  });

  it('explains missing paths, a missing seeds folder, and an empty one', async () => {
    const missing = await p.orm(['seed', 'nope/users.csv']);
    expect(missing.stderr.trim()).toBe("error: seed path 'nope/users.csv' does not exist");
    p.write('data/other.txt', 'x');
    const kind = await p.orm(['seed', 'data/other.txt']);
    expect(kind.stderr.trim()).toBe('error: data/other.txt: not a seed file (use .json, .csv, .ts or .js)');
    const noFolder = await p.orm(['seed', '--url', db().url, '--config', p.write('alt/ormconfig.json', JSON.stringify({ url: db().url }))]);
    expect(noFolder.stderr).toMatch(/^error: no seeds folder at .*alt\/seeds: create it, set "seeds" in the config, or name seed files/);
    for (const r of [missing, kind, noFolder]) expect(r.code).toBe(2);
    p.write('empty/.keep', '');
    const empty = await p.orm(['seed', 'empty']);
    expect(empty.code).toBe(0);
    expect(empty.stdout).toBe('Nothing to seed: no .json, .csv, .ts or .js files.\n');
  });
});
