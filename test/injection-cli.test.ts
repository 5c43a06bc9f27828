/**
 * Injection attempts through every CRUD flag and `orm seed`, modelled on real advisories:
 * knex CVE-2016-20018 (an object where a value belongs), sequelize #14519 (replacement
 * syntax smuggled inside values), drizzle CVE-2026-39356 (quote characters in
 * identifiers), and classic `'; DROP TABLE …; --` strings. After each test the canary
 * table must be intact, and every stored value must equal its input exactly.
 */
import { afterEach, beforeAll, expect, it } from 'vitest';
import { describeDialects, useTestDatabase } from './support/databases.js';
import type { TestProject } from './support/project.js';
import { PAYLOADS } from './support/payloads.js';
import { createProject } from './support/project.js';


const MODELS = `
import { integer, json, table, text, varchar } from 'ormkit';

export const Canary = table('canary', { id: integer().primaryKey(), secret: text().notNull() });

export const Victim = table('victims', {
  id: integer().primaryKey(),
  a: text(),
  b: text(),
  c: varchar(200),
  d: text(),
  n: integer(),
  doc: json(),
});

export const Weird = table('we"ird\`tab]le;x', {
  id: integer().primaryKey(),
  'co"l\`um]n;x': text(),
  'DROP TABLE canary; --': text(),
});
`;

const WEIRD = 'we"ird`tab]le;x';
const WEIRD_COL = 'co"l`um]n;x';
const DROP_COL = 'DROP TABLE canary; --';

/** A --where string literal written by hand: single quotes doubled, backslashes escaped. */
const lit = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "''").replace(/\n/g, '\\n')}'`;
/** A --where identifier: backticks doubled. */
const ident = (s: string) => `\`${s.replace(/`/g, '``')}\``;

describeDialects('injection through the CRUD flags and orm seed', (dialect) => {
  const db = useTestDatabase(dialect);
  let p: TestProject;
  beforeAll(async () => {
    p = await createProject(db().url, MODELS);
    expect((await p.orm(['insert', 'canary', 'id=1', 'secret=alive'])).code).toBe(0);
  });

  afterEach(async () => {
    expect((await p.json(['select', 'canary'])).rows).toEqual([{ id: 1, secret: 'alive' }]);
    const tables = (await p.json(['inspect'])).tables.map((t: { name: string }) => t.name).sort();
    expect(tables).toEqual(['canary', 'victims', WEIRD].sort());
    await p.orm(['delete', 'victims', '--all', '--yes']);
    await p.orm(['delete', WEIRD, '--all', '--yes']);
  });

  const victims = async (): Promise<Record<string, unknown>[]> => (await p.json(['select', 'victims', '--order', 'id'])).rows;

  it('stores payloads given as col=value exactly', async () => {
    for (let i = 0; i < PAYLOADS.length; i += 4) {
      const [a, b, c, d] = PAYLOADS.slice(i, i + 4);
      const args = [`id=${i + 1}`, `a=${a}`, ...(b === undefined ? [] : [`b=${b}`]), ...(c === undefined ? [] : [`c=${c}`]), ...(d === undefined ? [] : [`d=${d}`])];
      const r = await p.orm(['insert', 'victims', ...args]);
      expect(r.stderr).toBe('');
    }
    const stored = (await victims()).flatMap((r) => [r.a, r.b, r.c, r.d]).filter((v) => v !== null);
    expect(stored).toEqual(PAYLOADS);
  });

  it('stores payloads given through --json, --file and stdin exactly', async () => {
    const rows = PAYLOADS.map((a, i) => ({ id: i + 1, a }));
    expect((await p.orm(['insert', 'victims', '--json', JSON.stringify(rows.slice(0, 10))])).code).toBe(0);
    p.write('payloads.json', JSON.stringify(rows.slice(10, 20)));
    expect((await p.orm(['insert', 'victims', '--file', 'payloads.json'])).code).toBe(0);
    expect((await p.orm(['insert', 'victims', '--file', '-'], { input: JSON.stringify(rows.slice(20)) })).code).toBe(0);
    expect((await victims()).map((r) => r.a)).toEqual(PAYLOADS);
  });

  it('matches payloads in --where literals as plain values, for select, count, update and delete', async () => {
    await p.orm(['insert', 'victims', JSON.stringify(PAYLOADS.map((a, i) => ({ id: i + 1, a, b: a })))]);
    const all = `a in (${PAYLOADS.map(lit).join(', ')})`;
    expect((await p.json(['count', 'victims', '--where', all])).count).toBe(PAYLOADS.length);
    const selected = (await p.json(['select', 'victims', '--columns', 'a', '--where', `${all} and b = a`, '--order', 'id'])).rows;
    expect(selected.map((r: { a: string }) => r.a)).toEqual(PAYLOADS);
    // Each payload matches its own row and nothing else.
    for (const payload of ["' OR '1'='1", '$1', ':name', '?', '$$', '%', '\\']) {
      const one = (await p.json(['select', 'victims', '--columns', 'id', '--where', `a = ${lit(payload)}`])).rows;
      expect(one, payload).toEqual([{ id: PAYLOADS.indexOf(payload) + 1 }]);
    }
    const updated = await p.json(['update', 'victims', '--set', `c=${PAYLOADS[0]}`, `d=${PAYLOADS[9]}`, '--where', `a = ${lit("' OR '1'='1")} or a = ${lit(':name')}`]);
    expect(updated.updated).toBe(2);
    const changed = (await victims()).filter((r) => r.c !== null).map((r) => [r.a, r.c, r.d]);
    expect(changed).toEqual([["' OR '1'='1", PAYLOADS[0], '$1'], [':name', PAYLOADS[0], '$1']]);
    const deleted = await p.json(['delete', 'victims', '--where', `a = ${lit('$$; DROP TABLE canary; $$')}`]);
    expect(deleted.deleted).toBe(1);
    expect((await p.json(['count', 'victims'])).count).toBe(PAYLOADS.length - 1);
  });

  it('refuses SQL pasted into --where instead of running it', async () => {
    await p.orm(['insert', 'victims', 'id=1', 'a=x']);
    const attempts = [
      "a = 'x'; DROP TABLE canary; --",
      "a = '' OR 1=1 --",
      'a = 1 UNION SELECT secret FROM canary',
      "a = 'x' /* */",
      'a = $1',
      'a = :name',
      'a = ?',
      'a = $$x$$',
      '1=1); DROP TABLE canary; --',
      "a = (SELECT secret FROM canary)",
      'a = x"y',
    ];
    for (const where of attempts) {
      const commands = [['select', 'victims'], ['count', 'victims'], ['delete', 'victims'], ['update', 'victims', '--set', 'b=hacked']];
      const results = await Promise.all(commands.map((cmd) => p.orm([...cmd, '--where', where])));
      results.forEach((r, i) => {
        expect(r.code, `${commands[i]![0]} --where ${where}`).toBe(2);
        expect(r.stderr, where).toMatch(/^error: --where .*(unexpected|unterminated|no column)/);
      });
    }
    expect(await victims()).toEqual([expect.objectContaining({ id: 1, a: 'x', b: null })]);
  });

  it('refuses objects where values belong (knex CVE-2016-20018), everywhere', async () => {
    await p.orm(['insert', 'victims', 'id=1', 'a=x', 'c=c@x']);
    const objectCases: string[][] = [
      ['insert', 'victims', '--json', '{"id": 2, "c": {"$gt": ""}}'],
      ['insert', 'victims', '--json', '[{"id": 2, "a": {"$ne": null}}]'],
      ['insert', 'victims', 'id=2', 'a:={"$gt": ""}'],
      ['insert', 'victims', 'id=2', 'n:=[1]'],
      ['update', 'victims', '--set', 'a:={"$gt": ""}', '--where', 'id = 1'],
      ['update', 'victims', '--set', 'c:=["x"]', '--all'],
    ];
    for (const args of objectCases) {
      const r = await p.orm(args);
      expect(r.code, args.join(' ')).toBe(2);
      // `--json '{…}'` also asks for JSON output, so that error arrives as JSON on stdout.
      expect(r.stderr + r.stdout, args.join(' ')).toMatch(/expected (a string|an integer), got an? (object|array)/);
    }
    for (const where of ['c = {"$gt": ""}', 'c in ({"$gt": ""})', 'c = ["x"]']) {
      const r = await p.orm(['select', 'victims', '--where', where]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/unexpected '[{[]' at column \d+: values are strings, numbers, true, false or null, never objects or lists/);
    }
    const proto = await p.orm(['insert', 'victims', '--json', '{"id": 3, "__proto__": {"a": "x"}}']);
    expect(JSON.parse(proto.stdout).error.message).toMatch(/no column '__proto__' in table victims/);
    // A json column is where objects belong: stored as data, never read as an operator.
    expect((await p.orm(['insert', 'victims', '--json', '{"id": 4, "doc": {"$gt": "", "sql": "\'; DROP TABLE canary; --"}}'])).code).toBe(0);
    expect((await victims()).map((r) => [r.id, r.a, r.c, r.doc])).toEqual([[1, 'x', 'c@x', null], [4, null, null, { $gt: '', sql: "'; DROP TABLE canary; --" }]]);
  });

  it('quotes identifiers holding ", `, ] and ; (drizzle CVE-2026-39356) through every command', async () => {
    const ins = await p.orm(['insert', WEIRD, 'id=1', `${WEIRD_COL}=${PAYLOADS[0]}`, `${DROP_COL}=${PAYLOADS[1]}`]);
    expect(ins.stderr).toBe('');
    expect((await p.orm(['insert', WEIRD, '--json', JSON.stringify({ id: 2, [WEIRD_COL]: 'b', [DROP_COL]: '$1' })])).code).toBe(0);
    const sel = await p.json(['select', WEIRD, '--columns', `${WEIRD_COL},id`, '--order', `${WEIRD_COL}:desc`, '--where', `${ident(WEIRD_COL)} is not null and ${ident(DROP_COL)} != 'zzz'`]);
    expect(sel.rows).toEqual([{ [WEIRD_COL]: 'b', id: 2 }, { [WEIRD_COL]: PAYLOADS[0], id: 1 }]);
    expect((await p.json(['count', WEIRD, '--where', `${ident(DROP_COL)} = ${lit(PAYLOADS[1]!)}`])).count).toBe(1);
    expect((await p.json(['update', WEIRD, '--set', `${DROP_COL}=:name`, '--where', `${ident(WEIRD_COL)} = 'b'`])).updated).toBe(1);
    expect((await p.json(['delete', WEIRD, '--where', 'id = 1'])).deleted).toBe(1);
    expect((await p.json(['select', WEIRD])).rows).toEqual([{ id: 2, [WEIRD_COL]: 'b', [DROP_COL]: ':name' }]);
    // Names that do not exist are refused as names, never spliced into SQL.
    const unknown: string[][] = [
      ['select', 'canary"; DROP TABLE canary; --'],
      ['select', 'victims', '--columns', 'a, secret FROM canary; --'],
      ['select', 'victims', '--order', 'a; DROP TABLE canary'],
      ['insert', 'victims', 'a") VALUES (1); DROP TABLE canary; --=x'],
      ['update', 'victims', '--set', 'a" = 1; DROP TABLE canary; --=x', '--all'],
      ['count', 'victims`; DROP TABLE canary; --'],
      ['delete', 'victims]; DROP TABLE canary; --', '--all', '--yes'],
      ['select', 'victims', '--where', '`a"; DROP TABLE canary; --` = 1'],
    ];
    for (const args of unknown) {
      const r = await p.orm(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(/no (table|column) '/);
    }
  });

  it('stores payloads loaded by orm seed from CSV, JSON and TS exactly, with odd table and column names', async () => {
    const csvField = (s: string) => `"${s.replace(/"/g, '""')}"`;
    p.write('inj/victims.csv', `id,a\n${PAYLOADS.slice(0, 15).map((s, i) => `${i + 1},${csvField(s)}`).join('\n')}\n`);
    p.write('inj/more.json', JSON.stringify({ victims: PAYLOADS.slice(15, 25).map((a, i) => ({ id: 16 + i, a })) }));
    p.write('inj/rest.ts', `export default { victims: ${JSON.stringify(PAYLOADS.slice(25).map((a, i) => ({ id: 26 + i, a })))} };`);
    p.write(`inj/${WEIRD}.csv`, `id,${csvField(WEIRD_COL)},${csvField(DROP_COL)}\n1,${csvField(PAYLOADS[0]!)},${csvField(PAYLOADS[16]!)}\n`);
    const r = await p.orm(['seed', 'inj']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect((await victims()).map((x) => x.a)).toEqual(PAYLOADS);
    expect((await p.json(['select', WEIRD])).rows).toEqual([{ id: 1, [WEIRD_COL]: PAYLOADS[0], [DROP_COL]: PAYLOADS[16] }]);
    // Upsert writes identifiers into ON CONFLICT … SET too.
    p.write(`inj2/${WEIRD}.json`, JSON.stringify([{ id: 1, [DROP_COL]: '$$' }]));
    expect((await p.orm(['seed', 'inj2', '--mode', 'upsert'])).code).toBe(0);
    expect((await p.json(['select', WEIRD])).rows).toEqual([{ id: 1, [WEIRD_COL]: PAYLOADS[0], [DROP_COL]: '$$' }]);
  });

  it('refuses seed files that name no table or carry objects, and changes nothing', async () => {
    p.write("bad/'; DROP TABLE canary; --.csv", 'id\n1\n');
    const file = await p.orm(['seed', "bad/'; DROP TABLE canary; --.csv"]);
    expect(file.stderr).toMatch(/no table ''; DROP TABLE canary; --' in the database/);
    p.write('bad2/victims.json', JSON.stringify([{ id: 1, a: 'ok' }, { id: 2, a: { $gt: '' } }]));
    const obj = await p.orm(['seed', 'bad2']);
    expect(obj.stderr).toMatch(/^error: bad2\/victims\.json:1 a: expected a string, got an object/);
    p.write('bad3/victims.csv', 'id,"a"") VALUES (1); DROP TABLE canary; --"\n1,x\n');
    const header = await p.orm(['seed', 'bad3']);
    expect(header.stderr).toMatch(/bad3\/victims\.csv:1 no column 'a"\) VALUES \(1\); DROP TABLE canary; --' in table victims/);
    for (const r of [file, obj, header]) expect(r.code).toBe(2);
    expect(await victims()).toEqual([]);
  });
});
