import { beforeAll, beforeEach, expect, it } from 'vitest';
import { describeDialects, useTestDatabase } from './support/databases.js';
import type { TestProject } from './support/project.js';
import { createProject } from './support/project.js';

const MODELS = `
import { blob, boolean, date, enumType, integer, json, numeric, real, table, text, timestamp, varchar } from 'ormkit';

export const Team = table('teams', {
  id: integer().primaryKey(),
  name: varchar(50).notNull().unique(),
});

export const Person = table('people', {
  id: integer().primaryKey(),
  name: varchar(20).notNull(),
  email: varchar(100).unique(),
  age: integer(),
  active: boolean().notNull().default(true),
  score: real(),
  balance: numeric(10, 2),
  born: date(),
  seen: timestamp(),
  meta: json(),
  role: enumType('person_role', ['admin', 'member']),
  team_id: integer().references(() => Team.c.id),
});

export const Odd = table('odd names', {
  id: integer().primaryKey(),
  ['__proto__']: text(),
  constructor: text(),
  名前: text(),
  bytes: blob(),
});
`;

describeDialects('orm insert / select / update / delete / count', (dialect) => {
  const db = useTestDatabase(dialect);
  let p: TestProject;
  beforeAll(async () => {
    p = await createProject(db().url, MODELS);
  });
  beforeEach(async () => {
    const a = await p.orm(['delete', 'people', '--all', '--yes']);
    const b = await p.orm(['delete', 'teams', '--all', '--yes']);
    expect([a.code, b.code]).toEqual([0, 0]);
  });

  async function people(args: string[] = []): Promise<Record<string, unknown>[]> {
    return (await p.json(['select', 'people', '--order', 'id', ...args])).rows;
  }

  it('inserts col=value pairs coerced by column type, and reads them back typed', async () => {
    const r = await p.orm([
      'insert', 'people', 'id=1', 'name=Ann', 'email=ann@example.com', 'age=41', 'active=false', 'score=2.5',
      'balance=12.50', 'born=1983-02-28', 'seen=2024-05-01 12:30:00', 'meta={"tags":["a","b"]}', 'role=admin',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('inserted 1 row into people (id 1)\n');
    const [ann] = await people();
    expect(ann).toMatchObject({ id: 1, name: 'Ann', email: 'ann@example.com', age: 41, active: false, score: 2.5, born: '1983-02-28', meta: { tags: ['a', 'b'] }, role: 'admin', team_id: null });
    expect(Number(ann!.balance)).toBe(12.5);
    expect(ann!.seen).toBe('2024-05-01T12:30:00.000Z');
  });

  it('takes col:=json for typed values and null, and a column default when left out', async () => {
    expect((await p.orm(['insert', 'people', 'name=Bo', 'age:=null', 'meta:="just text"', 'email:=null'])).code).toBe(0);
    const [bo] = await people();
    expect(bo).toMatchObject({ name: 'Bo', age: null, meta: 'just text', email: null, active: true });
  });

  it('inserts a --json document (object or array) in one transaction', async () => {
    const one = await p.orm(['insert', 'teams', '--json', '{"id": 7, "name": "Core"}']);
    expect(one.code).toBe(0);
    expect(JSON.parse(one.stdout)).toEqual({ table: 'teams', inserted: 1, insertedId: 7 });
    const many = await p.json(['insert', 'people', '[{"name":"A","team_id":7},{"name":"B","age":3},{"name":"C","team_id":7}]']);
    expect(many).toEqual({ table: 'people', inserted: 3 });
    expect((await people()).map((r) => [r.name, r.team_id, r.age])).toEqual([['A', 7, null], ['B', null, 3], ['C', 7, null]]);
  });

  it('inserts rows from --file and from stdin with --file -', async () => {
    p.write('rows.json', JSON.stringify([{ name: 'F1' }, { name: 'F2', age: 2 }], null, 2));
    const r = await p.orm(['insert', 'people', '--file', 'rows.json']);
    expect(r.stdout).toBe('inserted 2 rows into people\n');
    const s = await p.orm(['insert', 'people', '--file', '-'], { input: '{"name": "S"}' });
    expect(s.code).toBe(0);
    expect((await people()).map((x) => x.name)).toEqual(['F1', 'F2', 'S']);
  });

  it('refuses bad values before writing anything: one line naming column and value, exit 2', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['age=abc'], /^error: age: 'abc' is not an integer$/],
      [['age=1.5'], /age: '1\.5' is not an integer/],
      [['active=maybe'], /active: 'maybe' is not a boolean \(use true, false, 1 or 0\)/],
      [['born=2023-02-29'], /born: '2023-02-29' is not a valid date \(YYYY-MM-DD\)/],
      [['seen=yesterday'], /seen: 'yesterday' is not a valid timestamp/],
      [['meta={oops'], /meta: '\{oops' is not valid JSON/],
      [['role=admn'], /role: 'admn' is not one of 'admin', 'member' \(did you mean 'admin'\?\)/],
      [['score=1e999x'], /score: '1e999x' is not a number/],
      [['balance=12,50'], /balance: '12,50' is not a decimal number/],
      // Each of these three was stored by SQLite (2^53 rounded, Infinity, a 9-digit balance) and a driver error elsewhere.
      [['age=9007199254740993'], /^error: age: '9007199254740993' is out of range for (a 32-bit integer|an integer column on SQLite)/],
      [['score=1e400'], /^error: score: '1e400' is out of range for a double$/],
      [['balance=123456789'], /^error: balance: '123456789' has more than 8 digits before the point, more than numeric\(10, 2\) holds$/],
      [['age:=9007199254740993'], /^error: age: 9007199254740992 is past 2\^53, where a JSON or JavaScript number loses digits; give it as a quoted string$/],
      [['email=' + 'x'.repeat(101)], /email: 'x+…' is longer than 100 characters \(101\)/],
      [['age:={"$gt": ""}'], /age: expected an integer, got an object \(only json columns take objects\)/],
      [['email:=["a"]'], /email: expected a string, got an array/],
      [['name:=null'], /name: a value is required \(the column is NOT NULL\)/],
      [['nmae=x'], /no column 'nmae' in table people \(did you mean 'name'\?\)/],
      [['name=a', 'name=b'], /column 'name' is given twice/],
      [['justtext'], /value 'justtext' is not column=value/],
    ];
    for (const [values, pattern] of cases) {
      const r = await p.orm(['insert', 'people', ...(values.some((v) => v.startsWith('name')) ? [] : ['name=X']), ...values]);
      expect(r.stderr.trim(), values.join(' ')).toMatch(pattern);
      expect(r.stderr.trim().split('\n'), values.join(' ')).toHaveLength(1);
      expect(r.code, values.join(' ')).toBe(2);
    }
    const missing = await p.orm(['insert', 'people', 'age=3']);
    expect(missing.stderr).toMatch(/name: a value is required \(NOT NULL without a default\)/);
    expect(missing.code).toBe(2);
    expect(await people()).toEqual([]);
  });

  it('checks integers against the range of the integer type: 32 bits on the servers, exact numbers on SQLite', async () => {
    const r = await p.orm(['insert', 'people', 'name=Big', 'age=2147483648']);
    const where = await p.orm(['count', 'people', '--where', 'age >= 2147483648']);
    if (dialect === 'sqlite') {
      // A documented difference: SQLite's INTEGER takes what reads back exactly.
      expect([r.code, where.stdout]).toEqual([0, '1\n']);
    } else {
      expect(r.stderr.trim()).toBe("error: age: '2147483648' is out of range for a 32-bit integer");
      expect(where.stderr.split('\n')[0]).toBe('error: --where "age >= 2147483648": age: 2147483648 is out of range for a 32-bit integer at column 8');
      expect([r.code, where.code]).toEqual([2, 2]);
    }
    expect(await p.orm(['insert', 'people', 'name=Edge', 'age=-2147483648'])).toMatchObject({ code: 0 });
    expect((await people(['--where', "name = 'Edge'"])).map((x) => x.age)).toEqual([-2147483648]);
  });

  it('stores and finds dates and timestamps in the years 1 to 99', async () => {
    const r = await p.orm(['insert', 'people', 'name=Old', 'born=0001-01-01', 'seen=0099-12-31T23:59:59Z']);
    expect(r.stderr).toBe('');
    const [old] = await people(['--where', "born = '0001-01-01' and seen < '0100-01-01'"]);
    expect(old).toMatchObject({ name: 'Old', born: '0001-01-01', seen: '0099-12-31T23:59:59.000Z' });
  });

  it('refuses text no database stores as given: a lone surrogate everywhere, NUL on PostgreSQL (exit 2, naming the column)', async () => {
    const lone = await p.orm(['insert', 'people', '{"name": "x\\ud800y"}']);
    expect(lone.stderr.trim()).toBe("error: name: 'x\\ud800y' holds a lone UTF-16 surrogate, which is not Unicode text");
    expect(lone.code).toBe(2);
    const nul = await p.orm(['insert', 'people', '{"name": "a\\u0000b"}']);
    if (dialect === 'postgres') {
      expect(nul.stderr.trim()).toBe("error: name: 'a\\0b' holds the NUL character (\\0), which this database cannot store in text");
      expect(nul.code).toBe(2);
    } else {
      expect(nul.code).toBe(0);
      expect((await p.json(['count', 'people', '--where', "name = 'a\\0b'"])).count).toBe(1);
    }
  });

  it('names the file line of a bad row in --file, and inserts none of the rows', async () => {
    p.write('bad.json', '[\n  {"name": "ok"},\n  {"name": "ok2"},\n  {"name": "bad", "age": "x"}\n]\n');
    const r = await p.orm(['insert', 'people', '--file', 'bad.json']);
    expect(r.stderr).toContain("error: bad.json:4 age: 'x' is not an integer");
    expect(r.code).toBe(2);
    const several = await p.orm(['insert', 'people', '[{"name":"a"},{"name":"b","born":"nope"}]']);
    expect(several.stderr).toContain("error: row 2: born: 'nope' is not a valid date");
    expect(await people()).toEqual([]);
  });

  it('reports integrity errors with exit 3, naming the table and constraint, and keeps the transaction atomic', async () => {
    await p.orm(['insert', 'people', 'name=A', 'email=a@x']);
    const dup = await p.orm(['insert', 'people', '[{"name":"B","email":"b@x"},{"name":"C","email":"a@x"}]']);
    expect(dup.code).toBe(3);
    expect(dup.stderr).toMatch(/row 2: .*unique.*people/i);
    const fk = await p.orm(['insert', 'people', 'name=D', 'team_id=999']);
    expect(fk.code).toBe(3);
    expect(fk.stderr).toMatch(/foreign key/i);
    expect((await people()).map((r) => r.name)).toEqual(['A']);
  });

  it('explains what to give when there is nothing to insert, or two sources', async () => {
    const none = await p.orm(['insert', 'people']);
    expect(none.stderr).toMatch(/nothing to insert into people/);
    expect(none.code).toBe(2);
    p.write('one.json', '{"name":"x"}');
    const both = await p.orm(['insert', 'people', 'name=x', '--file', 'one.json']);
    expect(both.stderr).toMatch(/give the rows one way/);
    const badJson = await p.orm(['insert', 'people', '--json', '{"name": ']);
    expect(badJson.stdout).toMatch(/"code": "INPUT"/);
    expect(badJson.stdout).toMatch(/--json: invalid JSON/);
    expect(badJson.code).toBe(2);
  });

  it('says which table it does not know, with the closest name', async () => {
    for (const cmd of [['insert', 'peple', 'name=x'], ['select', 'peple'], ['update', 'peple', '--set', 'a=1', '--all'], ['delete', 'peple', '--all', '--yes'], ['count', 'peple']]) {
      const r = await p.orm(cmd);
      expect(r.stderr.trim(), cmd[0]).toBe("error: no table 'peple' in the database (did you mean 'people'?)");
      expect(r.code).toBe(2);
    }
  });

  it('selects with --where, --columns, --order, --limit and --offset', async () => {
    await p.orm(['insert', 'people', JSON.stringify([5, 3, 9, 1, 7].map((age, i) => ({ name: `P${i}`, age, email: i % 2 ? null : `p${i}@x` })))]);
    const rows = (await p.json(['select', 'people', '--where', 'age >= 3 and email is not null', '--columns', 'name,age', '--order', 'age:desc'])).rows;
    expect(rows).toEqual([{ name: 'P2', age: 9 }, { name: 'P4', age: 7 }, { name: 'P0', age: 5 }]);
    const page = (await p.json(['select', 'people', '--columns', 'name', '--order', 'age', '--limit', '2', '--offset', '1'])).rows;
    expect(page).toEqual([{ name: 'P1' }, { name: 'P0' }]);
    const two = (await p.json(['select', 'people', '--columns', 'age', '--order', 'email:desc,age', '--where', "name in ('P1', 'P3') or name like 'P2'"])).rows;
    expect(two.map((r: { age: number }) => r.age).sort()).toEqual([1, 3, 9]);
    const between = (await p.json(['select', 'people', '--columns', 'age', '--where', 'not age between 3 and 7', '--order', 'age'])).rows;
    expect(between).toEqual([{ age: 1 }, { age: 9 }]);
    const ilike = (await p.json(['select', 'people', '--columns', 'name', '--where', "name ilike 'p4'"])).rows;
    expect(ilike).toEqual([{ name: 'P4' }]);
  });

  it('like and ilike take a backslash before % and _ (and itself) as the literal character on every dialect', async () => {
    await p.orm(['insert', 'people', JSON.stringify(['a_b', 'axb', 'a\\b', '50%', '501'].map((name) => ({ name })))]);
    const names = async (where: string) => (await p.json(['select', 'people', '--columns', 'name', '--order', 'id', '--where', where])).rows.map((r: { name: string }) => r.name);
    expect(await names(String.raw`name like 'a\\_b'`)).toEqual(['a_b']);
    expect(await names(String.raw`name ilike 'A\\_B'`)).toEqual(['a_b']);
    expect(await names(String.raw`name like '50\\%'`)).toEqual(['50%']);
    expect(await names(String.raw`name like 'a\\\\b'`)).toEqual(['a\\b']);
    expect(await names("name like 'a_b'")).toEqual(['a_b', 'axb', 'a\\b']);
  });

  it('prints plain text when piped, and a boxed table, CSV or JSON on request', async () => {
    await p.orm(['insert', 'people', JSON.stringify([{ id: 1, name: 'Ann', age: 41 }, { id: 2, name: 'Bo, "B"', age: null }])]);
    const plain = await p.orm(['select', 'people', '--columns', 'id,name,age']);
    expect(plain.stdout).toBe('id  name      age\n 1  Ann        41\n 2  Bo, "B"  NULL\n');
    const table = await p.orm(['select', 'people', '--columns', 'id,name', '--format', 'table']);
    expect(table.stdout.split('\n')).toEqual(['┌────┬─────────┐', '│ id │ name    │', '├────┼─────────┤', '│  1 │ Ann     │', '│  2 │ Bo, "B" │', '└────┴─────────┘', '(2 rows)', '']);
    const csv = await p.orm(['select', 'people', '--columns', 'id,name,age,email', '--format', 'csv']);
    expect(csv.stdout).toBe('id,name,age,email\r\n1,Ann,41,\r\n2,"Bo, ""B""",,\r\n');
    const json = await p.orm(['select', 'people', '--columns', 'name', '--format', 'json']);
    expect(JSON.parse(json.stdout)).toEqual([{ name: 'Ann' }, { name: 'Bo, "B"' }]);
  });

  it('select --format csv reads back with orm seed unchanged: json strings stay strings, NULL stays apart from empty', async () => {
    await p.orm(['insert', 'people', 'id=1', 'name=Ann', 'meta:="5"', 'email=', 'seen=2024-05-01T12:00:00+02:00']);
    await p.orm(['insert', 'people', 'id=2', 'name=Bo', 'meta:="a, \\"b\\""', 'balance=12.5']);
    await p.orm(['insert', 'people', 'id=3', 'name=Cy', 'meta:={"x":[1,null]}', 'active=false']);
    const before = await people();
    const csv = await p.orm(['select', 'people', '--order', 'id', '--format', 'csv']);
    expect(csv.stdout).toContain(',"""5""",');
    p.write('data/roundtrip/people.csv', csv.stdout);
    expect((await p.orm(['delete', 'people', '--all', '--yes'])).code).toBe(0);
    const seeded = await p.orm(['seed', 'data/roundtrip']);
    expect(seeded.stderr).toBe('');
    expect(await people()).toEqual(before);
    expect(before.map((r) => r.meta)).toEqual(['5', 'a, "b"', { x: [1, null] }]);
  });

  it('refuses unknown columns in --columns and --order, and bad --limit values', async () => {
    const cols = await p.orm(['select', 'people', '--columns', 'name,emial']);
    expect(cols.stderr.trim()).toBe("error: --columns: no column 'emial' in table people (did you mean 'email'?)");
    const order = await p.orm(['select', 'people', '--order', 'agee:desc']);
    expect(order.stderr.trim()).toBe("error: --order: no column 'agee' in table people (did you mean 'age'?)");
    const direction = await p.orm(['select', 'people', '--order', 'age:up']);
    expect(direction.stderr.trim()).toBe("error: --order 'age:up': 'up' is not a direction; use age:asc or age:desc");
    expect(direction.code).toBe(2);
    const limit = await p.orm(['select', 'people', '--limit', '-1']);
    expect(limit.code).toBe(2);
    const format = await p.orm(['select', 'people', '--format', 'xml']);
    expect(format.code).toBe(2);
    for (const r of [cols, order]) expect(r.code).toBe(2);
  });

  it('points at the position of --where mistakes, with a caret line under the expression', async () => {
    const syntax = await p.orm(['select', 'people', '--where', 'age >> 3']);
    expect(syntax.code).toBe(2);
    expect(syntax.stderr).toBe(`error: --where "age >> 3": unexpected '>' at column 6, expected a value after '>'\n  age >> 3\n       ^\n`);
    const unknown = await p.orm(['count', 'people', '--where', 'agee > 3']);
    expect(unknown.stderr.split('\n')[0]).toBe(`error: --where "agee > 3": no column 'agee' in table people at column 1 (did you mean 'age'?)`);
    const value = await p.orm(['select', 'people', '--where', "age = 'abc'"]);
    expect(value.stderr.split('\n')[0]).toBe(`error: --where "age = 'abc'": age: 'abc' is not an integer at column 7`);
    const bare = await p.orm(['select', 'people', '--where', 'name = Ann']);
    expect(bare.stderr.split('\n')[0]).toMatch(/no column 'Ann' in table people at column 8 \(did you mean 'age'\? or, for the text, quote it: 'Ann'\)/);
    const bare2 = await p.orm(['select', 'people', '--where', 'name = Bartholomew']);
    expect(bare2.stderr.split('\n')[0]).toMatch(/no column 'Bartholomew' in table people at column 8 \(for the text, quote it: 'Bartholomew'\)/);
    const nullCompare = await p.orm(['select', 'people', '--where', 'age < null']);
    expect(nullCompare.stderr).toMatch(/comparing with null using '<' matches nothing at column 5; use 'is null'/);
    // PostgreSQL refused this one (exit 3, no position); MySQL and SQLite compared after converting.
    const types = await p.orm(['count', 'people', '--where', 'age > 1 or age = name']);
    expect(types.stderr.split('\n')[0]).toBe('error: --where "age > 1 or age = name": age (integer) and name (varchar) cannot be compared at column 16');
    const typesIn = await p.orm(['count', 'people', '--where', 'born in (seen, active)']);
    expect(typesIn.stderr.split('\n')[0]).toBe('error: --where "born in (seen, active)": born (date) and active (boolean) cannot be compared at column 16');
    const json = await p.orm(['select', 'people', '--where', 'age >> 3', '--json']);
    expect(JSON.parse(json.stdout).error).toMatchObject({ code: 'USAGE', details: { column: 6, position: 5 } });
    for (const r of [unknown, value, bare, nullCompare, types, typesIn, json]) expect(r.code).toBe(2);
  });

  it('coerces --where values by column type: booleans, dates, = null', async () => {
    await p.orm(['insert', 'people', JSON.stringify([{ name: 'T', active: true, born: '2000-01-01' }, { name: 'F', active: false, born: null }])]);
    const name = async (where: string) => (await p.json(['select', 'people', '--columns', 'name', '--where', where])).rows.map((r: { name: string }) => r.name);
    expect(await name('active = true')).toEqual(['T']);
    expect(await name('active = 0')).toEqual(['F']);
    expect(await name("active = 'false'")).toEqual(['F']);
    expect(await name('born = null')).toEqual(['F']);
    expect(await name('born != null')).toEqual(['T']);
    expect(await name("born > '1999-12-31'")).toEqual(['T']);
    const bad = await p.orm(['select', 'people', '--where', "born = '2000-13-01'"]);
    expect(bad.stderr).toMatch(/born: '2000-13-01' is not a valid date/);
  });

  it('updates rows matching --where with --set values, and refuses an update of every row without --all', async () => {
    await p.orm(['insert', 'people', JSON.stringify([{ id: 1, name: 'A', age: 1 }, { id: 2, name: 'B', age: 2 }, { id: 3, name: 'C', age: 3 }])]);
    const r = await p.orm(['update', 'people', '--set', 'age=10', 'meta:={"x":1}', '--where', 'id >= 2']);
    expect(r.stdout).toBe('updated 2 rows in people\n');
    expect((await people()).map((x) => [x.age, x.meta])).toEqual([[1, null], [10, { x: 1 }], [10, { x: 1 }]]);
    const refused = await p.orm(['update', 'people', '--set', 'age=0']);
    expect(refused.stderr.trim()).toBe('error: refusing to update every row of people without --where; pass --where EXPR, or --all to mean every row');
    expect(refused.code).toBe(2);
    const both = await p.orm(['update', 'people', '--set', 'age=0', '--all', '--where', 'id = 1']);
    expect(both.stderr).toMatch(/either --where or --all/);
    const all = await p.json(['update', 'people', '--set', 'age=0', '--set', 'role=member', '--all']);
    expect(all).toEqual({ table: 'people', updated: 3 });
    expect((await people()).map((x) => [x.age, x.role])).toEqual([[0, 'member'], [0, 'member'], [0, 'member']]);
  });

  it('refuses bad --set values and columns, and reports integrity errors of an update with exit 3', async () => {
    await p.orm(['insert', 'people', JSON.stringify([{ id: 1, name: 'A', email: 'a@x' }, { id: 2, name: 'B', email: 'b@x' }])]);
    const bad = await p.orm(['update', 'people', '--set', 'age=old', '--where', 'id = 1']);
    expect(bad.stderr.trim()).toBe("error: --set age: 'old' is not an integer");
    const unknown = await p.orm(['update', 'people', '--set', 'agee=1', '--where', 'id = 1']);
    expect(unknown.stderr.trim()).toBe("error: --set: no column 'agee' in table people (did you mean 'age'?)");
    const notNull = await p.orm(['update', 'people', '--set', 'name:=null', '--where', 'id = 1']);
    expect(notNull.stderr).toMatch(/name: a value is required/);
    for (const r of [bad, unknown, notNull]) expect(r.code).toBe(2);
    const dup = await p.orm(['update', 'people', '--set', 'email=a@x', '--where', 'id = 2']);
    expect(dup.code).toBe(3);
    expect(dup.stderr).toMatch(/unique.*people/i);
    expect((await people()).map((x) => x.email)).toEqual(['a@x', 'b@x']);
  });

  it('moves the key generator past a generated key set with --set, so the next insert does not collide', async () => {
    const { insertedId: id } = await p.json(['insert', 'people', 'name=A']);
    expect((await p.orm(['update', 'people', '--set', `id=${id + 1}`, '--where', `id = ${id}`])).stdout).toBe('updated 1 row in people\n');
    const next = await p.orm(['insert', 'people', 'name=B']);
    expect(next.stderr).toBe('');
    expect(next.stdout).toBe(`inserted 1 row into people (id ${id + 2})\n`);
  });

  it('reads, finds and sets columns named __proto__, constructor or in another script', async () => {
    expect((await p.orm(['insert', 'odd names', 'id=1', '__proto__=p', 'constructor=c', '名前=n'])).code).toBe(0);
    const set = await p.orm(['update', 'odd names', '--set', '__proto__=P', '--where', "`__proto__` = 'p' and 名前 = 'n'"]);
    expect(set.stderr).toBe('');
    expect(set.stdout).toBe('updated 1 row in odd names\n');
    const read = await p.orm(['select', 'odd names', '--order', '__proto__', '--json']);
    expect(read.stderr).toBe('');
    expect(JSON.parse(read.stdout).rows).toEqual([{ id: 1, ['__proto__']: 'P', constructor: 'c', 名前: 'n', bytes: null }]);
    expect(JSON.parse(read.stdout).rows[0]).toHaveProperty('__proto__', 'P');
    expect((await p.orm(['delete', 'odd names', '--all', '--yes'])).code).toBe(0);
  });

  it('select --json writes bytes as \\x hex, so its rows insert back unchanged with --file', async () => {
    expect((await p.orm(['insert', 'odd names', 'id=7', 'bytes=\\x00ff41', 'constructor=c'])).code).toBe(0);
    const read = await p.orm(['select', 'odd names', '--json']);
    expect(JSON.parse(read.stdout).rows[0].bytes).toBe('\\x00ff41');
    p.write('odd.json', JSON.stringify(JSON.parse(read.stdout).rows));
    expect((await p.orm(['delete', 'odd names', '--all', '--yes'])).code).toBe(0);
    expect((await p.orm(['insert', 'odd names', '--file', 'odd.json'])).stderr).toBe('');
    expect(JSON.parse((await p.orm(['select', 'odd names', '--json'])).stdout)).toEqual(JSON.parse(read.stdout));
    expect((await p.orm(['count', 'odd names', '--where', "bytes = '\\\\x00ff41'"])).stdout).toBe('1\n');
    expect((await p.orm(['delete', 'odd names', '--all', '--yes'])).code).toBe(0);
  });

  it('deletes rows matching --where; --all needs --yes without a terminal', async () => {
    await p.orm(['insert', 'people', JSON.stringify([{ name: 'A', age: 1 }, { name: 'B', age: 2 }, { name: 'C', age: 3 }])]);
    const one = await p.orm(['delete', 'people', '--where', "name = 'B'"]);
    expect(one.stdout).toBe('deleted 1 row from people\n');
    const none = await p.orm(['delete', 'people']);
    expect(none.stderr.trim()).toBe('error: refusing to delete every row of people without --where; pass --where EXPR, or --all to mean every row');
    const ask = await p.orm(['delete', 'people', '--all']);
    expect(ask.stderr.trim()).toBe('error: delete --all will remove all 2 rows of people: pass --yes to confirm (no terminal to ask)');
    for (const r of [none, ask]) expect(r.code).toBe(2);
    expect((await p.json(['count', 'people'])).count).toBe(2);
    const all = await p.json(['delete', 'people', '--all', '--yes']);
    expect(all).toEqual({ table: 'people', deleted: 2 });
  });

  it('counts all rows or those matching --where', async () => {
    await p.orm(['insert', 'people', JSON.stringify([{ name: 'A', age: 1 }, { name: 'B', age: 2 }, { name: 'C' }])]);
    expect((await p.orm(['count', 'people'])).stdout).toBe('3\n');
    expect((await p.orm(['count', 'people', '-w', 'age is null or age > 1'])).stdout).toBe('2\n');
    expect(await p.json(['count', 'people', '--where', 'id not in ()'])).toEqual({ table: 'people', count: 3 });
  });

  it('shows the new commands in orm --help', async () => {
    const help = await p.orm(['--help']);
    for (const cmd of ['seed', 'insert', 'select', 'update', 'delete', 'count']) expect(help.stdout).toMatch(new RegExp(`^  ${cmd} `, 'm'));
  });
});
