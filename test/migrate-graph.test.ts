import { describe, expect, it } from 'vitest';
import { sqliteDialect } from '../src/dialects/sqlite/index.js';
import { MigrationError } from '../src/errors.js';
import { RevisionGraph } from '../src/migrate/graph.js';
import { drawGraph } from '../src/migrate/history.js';
import { inlineParams } from '../src/migrate/inline-params.js';
import type { MigrationFile } from '../src/migrate/migration-file.js';
import { parseMigrationHeader, tsString } from '../src/migrate/migration-file.js';
import { migrationFileName, newRevisionId, slugify } from '../src/migrate/new-revision.js';
import { flagsFor, parseRenameSpec, renameDecisions, withAnswer } from '../src/migrate/renames.js';
import { planDowngrade, planUpgrade, resolveRevision, singleHead } from '../src/migrate/targets.js';

/** Files named so that graph order follows the list order. */
function files(spec: Array<[string, string | string[] | null]>): MigrationFile[] {
  return spec.map(([revision, down], i) => {
    const parents = down === null ? [] : Array.isArray(down) ? down : [down];
    const name = `2024010${Math.floor(i / 10)}_12${String(i % 10).padStart(2, '0')}_${revision}_m.ts`;
    return { revision, parents, message: `message ${revision}`, path: `/p/migrations/${name}`, name, checksum: 'x' };
  });
}

const linear = () => new RevisionGraph(files([['a1', null], ['b2', 'a1'], ['c3', 'b2'], ['d4', 'c3']]));
// a1 ─ b2 ─┬─ c3 ─┐
//          └─ d4 ─┴─ e5 (merge) ─ f6
const merged = () => new RevisionGraph(files([['a1', null], ['b2', 'a1'], ['c3', 'b2'], ['d4', 'b2'], ['e5', ['c3', 'd4']], ['f6', 'e5']]));
const twoHeads = () => new RevisionGraph(files([['a1', null], ['b2', 'a1'], ['c3', 'b2'], ['d4', 'b2']]));

describe('revision graph', () => {
  it('orders parents before children and finds heads and bases', () => {
    const g = linear();
    expect(g.order).toEqual(['a1', 'b2', 'c3', 'd4']);
    expect(g.heads()).toEqual(['d4']);
    expect(g.bases()).toEqual(['a1']);
    expect(g.branchPoints()).toEqual([]);
    expect(g.mergePoints()).toEqual([]);
  });

  it('finds branch points, merge points, ancestors and descendants', () => {
    const g = merged();
    expect(g.heads()).toEqual(['f6']);
    expect(g.branchPoints()).toEqual(['b2']);
    expect(g.mergePoints()).toEqual(['e5']);
    expect([...g.ancestors('e5')].sort()).toEqual(['a1', 'b2', 'c3', 'd4']);
    expect([...g.descendants('c3')].sort()).toEqual(['e5', 'f6']);
    expect(g.headsOf(new Set(['a1', 'b2', 'c3']))).toEqual(['c3']);
    expect(g.headsOf(new Set(['a1', 'b2', 'c3', 'd4']))).toEqual(['c3', 'd4']);
  });

  it('keeps branches in file-name order regardless of input order', () => {
    const g = new RevisionGraph(files([['a1', null], ['b2', 'a1'], ['c3', 'b2'], ['d4', 'b2']]).reverse());
    expect(g.order).toEqual(['a1', 'b2', 'c3', 'd4']);
    expect(g.heads()).toEqual(['c3', 'd4']);
  });

  it('refuses a duplicate revision, naming both files', () => {
    expect(() => new RevisionGraph(files([['a1', null], ['a1', null]]))).toThrow(/revision 'a1' is also the revision of .*_a1_m\.ts/);
  });

  it('refuses an unknown parent, naming the file', () => {
    expect(() => new RevisionGraph(files([['a1', null], ['b2', 'zz']]))).toThrow(/_b2_m\.ts: downRevision 'zz' is not the revision of any migration file/);
  });

  it('refuses a cycle', () => {
    expect(() => new RevisionGraph(files([['a1', null], ['b2', ['a1', 'c3']], ['c3', 'b2']]))).toThrow(/form a cycle/);
  });
});

describe('revision prefixes', () => {
  const g = new RevisionGraph(files([['abc111', null], ['abc222', 'abc111'], ['def333', 'abc222']]));

  it('accepts a unique prefix', () => {
    expect(g.resolvePrefix('d')).toBe('def333');
    expect(g.resolvePrefix('abc2')).toBe('abc222');
    expect(g.resolvePrefix('abc111')).toBe('abc111');
  });

  it('lists every match of an ambiguous prefix', () => {
    expect(() => g.resolvePrefix('abc')).toThrow(/ambiguous revision prefix 'abc' matches 2 revisions: abc111 \(.*\), abc222 \(.*\)/);
  });

  it('names the heads for an unknown revision', () => {
    expect(() => g.resolvePrefix('zz')).toThrow(/unknown revision 'zz': no migration has that revision or prefix \(head: def333\)/);
  });
});

describe('upgrade targets', () => {
  it('head is everything not applied, parents first', () => {
    expect(planUpgrade(linear(), new Set(), 'head')).toEqual(['a1', 'b2', 'c3', 'd4']);
    expect(planUpgrade(linear(), new Set(['a1', 'b2']), 'head')).toEqual(['c3', 'd4']);
    expect(planUpgrade(linear(), new Set(['a1', 'b2', 'c3', 'd4']), 'head')).toEqual([]);
  });

  it('a revision brings its ancestors, and +N counts from the current state', () => {
    expect(planUpgrade(linear(), new Set(), 'b')).toEqual(['a1', 'b2']);
    expect(planUpgrade(linear(), new Set(['a1']), '+2')).toEqual(['b2', 'c3']);
    expect(() => planUpgrade(linear(), new Set(['a1']), '+9')).toThrow(/only 3 migration\(s\) are not applied/);
    expect(() => planUpgrade(linear(), new Set(), '-1')).toThrow(/orm downgrade -1/);
  });

  it('merges: upgrading the merge applies both branches', () => {
    expect(planUpgrade(merged(), new Set(['a1', 'b2']), 'e5')).toEqual(['c3', 'd4', 'e5']);
  });

  it('two heads: head refuses, listing the heads and the exact merge command', () => {
    const g = twoHeads();
    expect(() => planUpgrade(g, new Set(), 'head')).toThrow(MigrationError);
    expect(() => singleHead(g)).toThrow(/there are 2 heads: c3 \(message c3\), d4 \(message d4\); merge them with `orm merge c3 d4 -m "merge heads"`/);
    expect(planUpgrade(g, new Set(['a1']), 'heads')).toEqual(['b2', 'c3', 'd4']);
  });

  it('relative steps from a revision or head', () => {
    expect(resolveRevision(linear(), 'head-1')).toBe('c3');
    expect(resolveRevision(linear(), 'a1+2')).toBe('c3');
    expect(resolveRevision(linear(), 'head-4')).toBeNull();
    expect(() => resolveRevision(linear(), 'head-5')).toThrow(/goes below base/);
    expect(() => resolveRevision(merged(), 'b2+1')).toThrow(/b2 is followed by c3, d4/);
    expect(() => resolveRevision(merged(), 'e5-1')).toThrow(/e5 is a merge of c3, d4/);
  });
});

describe('downgrade targets', () => {
  const all = new Set(['a1', 'b2', 'c3', 'd4']);

  it('-N undoes the last N, children first', () => {
    expect(planDowngrade(linear(), all, '-1')).toEqual(['d4']);
    expect(planDowngrade(linear(), all, '-3')).toEqual(['d4', 'c3', 'b2']);
    expect(() => planDowngrade(linear(), all, '-5')).toThrow(/only 4 migration\(s\) are applied/);
  });

  it('a revision stays applied; base undoes everything', () => {
    expect(planDowngrade(linear(), all, 'b2')).toEqual(['d4', 'c3']);
    expect(planDowngrade(linear(), all, 'base')).toEqual(['d4', 'c3', 'b2', 'a1']);
    expect(planDowngrade(linear(), new Set(), 'base')).toEqual([]);
  });

  it('refuses a target that is not applied', () => {
    expect(() => planDowngrade(linear(), new Set(['a1']), 'c3')).toThrow(/revision c3 is not applied \(the database is at a1\)/);
  });

  it('downgrading below a merge undoes the merge and both branches', () => {
    const applied = new Set(['a1', 'b2', 'c3', 'd4', 'e5', 'f6']);
    expect(planDowngrade(merged(), applied, 'b2')).toEqual(['f6', 'e5', 'd4', 'c3']);
  });
});

describe('history graph', () => {
  it('draws branches and a merge like git log --graph', () => {
    expect(drawGraph(merged(), (id) => id)).toEqual(['* f6', '* e5', '|\\', '| * d4', '* | c3', '|/', '* b2', '* a1']);
  });

  it('draws two unmerged heads', () => {
    expect(drawGraph(twoHeads(), (id) => id)).toEqual(['* d4', '| * c3', '|/', '* b2', '* a1']);
  });
});

describe('migration file headers', () => {
  it('reads plain literal exports without running the module', () => {
    const src = [
      "import type { MigrationOp } from 'ormkit';",
      "export const revision = 'a1b2c3d4e5f6';",
      'export const downRevision: string | null = "0f0f0f0f0f0f"; // parent',
      "export const message = 'it\\'s \\u00e9t\\u00e9';",
      'export async function upgrade(op: MigrationOp) {}',
    ].join('\n');
    expect(parseMigrationHeader(src)).toEqual({ revision: 'a1b2c3d4e5f6', parents: ['0f0f0f0f0f0f'], message: "it's été" });
  });

  it('reads merges and first migrations', () => {
    expect(parseMigrationHeader("export const revision = 'm';\nexport const downRevision = [\n  'a',\n  'b',\n];\n")?.parents).toEqual(['a', 'b']);
    expect(parseMigrationHeader("export const revision = 'm';\nexport const downRevision = null;\n")).toEqual({ revision: 'm', parents: [], message: '' });
    expect(parseMigrationHeader("export const revision = 'm' as const;\nexport const downRevision = ['a', 'b'] as const;\n")?.parents).toEqual(['a', 'b']);
  });

  it('gives up (so the loader imports the module) on computed values', () => {
    expect(parseMigrationHeader("export const revision = ['a', 'b'].join('');\nexport const downRevision = null;")).toBeNull();
    expect(parseMigrationHeader("export const revision = `a${1}`;\nexport const downRevision = null;")).toBeNull();
    expect(parseMigrationHeader("export const revision = 'a';\nexport const revision = 'b';\nexport const downRevision = null;")).toBeNull();
    expect(parseMigrationHeader("export const revision = 'a';")).toBeNull();
    expect(parseMigrationHeader("export const revision = 'a' + 'b';\nexport const downRevision = null;")).toBeNull();
  });

  it('round-trips any message through tsString', () => {
    for (const message of ["it's", 'back\\slash', 'line\nbreak', '"quoted"', 'émoji 🎉', '*/ comment end']) {
      const src = `export const revision = 'r';\nexport const downRevision = null;\nexport const message = ${tsString(message)};\n`;
      expect(parseMigrationHeader(src)?.message).toBe(message);
    }
  });

  it('names new files by UTC date, revision and slug', () => {
    expect(migrationFileName(new Date(Date.UTC(2024, 4, 21, 14, 30)), 'abcdef123456', 'Add users & Émails!')).toBe('20240521_1430_abcdef123456_add_users_emails.ts');
    expect(slugify('!!!')).toBe('migration');
    expect(newRevisionId()).toMatch(/^[0-9a-f]{12}$/);
    expect(newRevisionId((id) => id.startsWith('0'))).not.toMatch(/^0/);
  });
});

describe('rename flags', () => {
  it('parses table and column renames', () => {
    expect(parseRenameSpec('persons=people')).toEqual({ kind: 'table', from: 'persons', to: 'people' });
    expect(parseRenameSpec('users.fullname=name')).toEqual({ kind: 'column', table: 'users', from: 'fullname', to: 'name' });
  });

  it('rejects anything else, showing both forms', () => {
    expect(() => parseRenameSpec('users.fullname')).toThrow(/expected old=new for a table \(--rename persons=people\) or table\.old=new for a column \(--rename users\.fullname=name\)/);
    expect(() => parseRenameSpec('a.b.c=d')).toThrow(/--rename 'a\.b\.c=d'/);
  });

  it('merges model hints with flags; a flag beats a hint', () => {
    const hints = { tables: new Map([['people', 'persons']]), columns: new Map([['users', new Map([['name', 'fullname']])]]) };
    const d = renameDecisions(hints, { rename: ['posts.body=content'], noRename: ['users.fullname=name'] });
    expect(d.tables.get('people')).toBe('persons');
    expect(d.columns.get('posts')?.get('content')).toBe('body');
    expect(d.columns.get('users')?.has('name')).toBe(false);
    expect([...(d.declined ?? [])]).toEqual(['users.name']);
    expect(() => renameDecisions(null, { rename: ['a=b'], noRename: ['a=b'] })).toThrow(/both --rename and --no-rename/);
  });

  it('spells out the flags that settle a candidate, and records answers', () => {
    const column = { kind: 'column' as const, table: 'users', from: 'fullname', to: 'name' };
    expect(flagsFor(column)).toEqual({ rename: '--rename users.fullname=name', dropAdd: '--no-rename users.fullname=name' });
    expect(flagsFor({ kind: 'table', table: null, from: 'persons', to: 'people' }).rename).toBe('--rename persons=people');
    const empty = renameDecisions(null);
    expect(withAnswer(empty, column, true).columns.get('users')?.get('name')).toBe('fullname');
    expect([...(withAnswer(empty, column, false).declined ?? [])]).toEqual(['users.name']);
  });
});

describe('offline parameters', () => {
  it('writes parameters in as literals, leaving ? inside strings alone', () => {
    expect(inlineParams(sqliteDialect, "INSERT INTO t (a, b, c) VALUES (?, '?', ?)", ["it's", null])).toBe("INSERT INTO t (a, b, c) VALUES ('it''s', '?', NULL)");
    expect(inlineParams(sqliteDialect, 'SELECT 1', [])).toBe('SELECT 1');
    expect(() => inlineParams(sqliteDialect, 'INSERT INTO t VALUES (?)', [Buffer.from('x')])).toThrow(/binary/);
  });
});
