import { describe, expect, it } from 'vitest';
import { sqliteDialect } from '../src/dialects/sqlite/index.js';
import { diff } from '../src/diff/diff.js';
import { assertModelsNotIgnored, ignorePatternProblem, ignoreRules, ignoredInModels, withoutIgnored } from '../src/diff/ignore.js';
import { ConfigError, integer, table, text, toSchema, varchar } from '../src/index.js';

const Users = table('users', { id: integer().primaryKey(), name: varchar(100).notNull(), email: text() }, (t) => [
  t.index('users_name_trgm_idx', [t.c.name]),
  t.index('users_email_idx', [t.c.email]),
  t.unique('uq_users_email', [t.c.email]),
  t.check('ck_users_name', "name <> ''"),
]);
const Orders = table('orders', { id: integer().primaryKey(), user_id: integer().references('users.id'), account_id: integer().references('legacy_accounts.id') });
const Legacy = table('legacy_accounts', { id: integer().primaryKey() });
const LegacyX = table('legacy_x', { id: integer().primaryKey() });
const Spatial = table('spatial_ref_sys', { srid: integer().primaryKey() });
const live = toSchema([Users, Orders, Legacy, LegacyX, Spatial]);

const names = (schema: ReturnType<typeof toSchema>) =>
  schema.tables.map((t) => [t.name, [...t.indexes, ...t.uniques, ...t.checks, ...t.foreignKeys].map((o) => o.name).sort()]);

describe('ignore patterns', () => {
  it('a bare pattern removes tables; * and ? match within the whole name only', () => {
    const kept = withoutIgnored(live, ignoreRules(['legacy_*', 'spatial_ref_sy?', 'orde']));
    expect(kept.tables.map((t) => t.name)).toEqual(['orders', 'users']);
    expect(withoutIgnored(live, ignoreRules(['legacy_?'])).tables.map((t) => t.name)).toEqual(['legacy_accounts', 'orders', 'spatial_ref_sys', 'users']);
    expect(withoutIgnored(live, ignoreRules(['Spatial_ref_sys'])).tables).toHaveLength(5);
  });

  it('table.object removes indexes, uniques, checks and foreign keys by name in matching tables only', () => {
    const rules = ignoreRules(['users.users_*_idx', 'users.uq_users_email', 'u*.ck_users_name', '*.fk_orders_user_id_users', 'legacy_x.users_email_idx']);
    const kept = withoutIgnored(live, rules);
    expect(names(kept)).toEqual([
      ['legacy_accounts', []],
      ['legacy_x', []],
      ['orders', ['fk_orders_account_id_legacy_accounts']],
      ['spatial_ref_sys', []],
      ['users', []],
    ]);
    // Columns and primary keys stay.
    expect(kept.tables.find((t) => t.name === 'users')!.columns.map((c) => c.name)).toEqual(['id', 'name', 'email']);
    expect(kept.tables.find((t) => t.name === 'users')!.primaryKey).not.toBeNull();
  });

  it('a foreign key to an ignored table stays with the table holding it', () => {
    const kept = withoutIgnored(live, ignoreRules(['legacy_*']));
    expect(kept.tables.find((t) => t.name === 'orders')!.foreignKeys.map((f) => f.refTable).sort()).toEqual(['legacy_accounts', 'users']);
  });

  it('no patterns, or none matching: the same schema object', () => {
    expect(withoutIgnored(live, ignoreRules([]))).toBe(live);
    expect(withoutIgnored(live, ignoreRules(['nothing_*', 'users.nothing']))).toBe(live);
  });

  it('the diff proposes dropping unmanaged objects, and nothing once they are ignored', () => {
    const models = toSchema([table('users', { id: integer().primaryKey(), name: varchar(100).notNull(), email: text() })]);
    const from = toSchema([Users, Spatial]);
    const before = diff(from, models, { dialect: sqliteDialect }).operations.map((op) => op.kind).sort();
    expect(before).toEqual(['dropConstraint', 'dropConstraint', 'dropIndex', 'dropIndex', 'dropTable']);
    const rules = ignoreRules(['spatial_ref_sys', 'users.users_*', 'users.uq_*', 'users.ck_*']);
    expect(diff(withoutIgnored(from, rules), models, { dialect: sqliteDialect }).operations).toEqual([]);
  });

  it('an ignored table is never a rename candidate', () => {
    const models = toSchema([table('accounts', { id: integer().primaryKey() })]);
    const from = toSchema([Legacy]);
    expect(diff(from, models, { dialect: sqliteDialect }).ambiguities).toHaveLength(1);
    const ignored = diff(withoutIgnored(from, ignoreRules(['legacy_*'])), models, { dialect: sqliteDialect });
    expect(ignored.ambiguities).toEqual([]);
    expect(ignored.operations.map((op) => op.kind)).toEqual(['createTable']);
  });

  it('models declaring an ignored table or index are refused, naming the pattern', () => {
    const models = toSchema([Users, LegacyX]);
    const rules = ignoreRules(['legacy_*', 'users.users_name_trgm_idx', 'spatial_ref_sys']);
    expect(ignoredInModels(models, rules)).toEqual([
      { name: 'legacy_x', pattern: 'legacy_*' },
      { name: 'users.users_name_trgm_idx', pattern: 'users.users_name_trgm_idx' },
    ]);
    expect(() => assertModelsNotIgnored(models, rules)).toThrow(ConfigError);
    expect(() => assertModelsNotIgnored(models, rules)).toThrow(
      "'ignore' leaves out what the models declare: 'legacy_x' (pattern 'legacy_*'), 'users.users_name_trgm_idx' (pattern 'users.users_name_trgm_idx'); narrow the pattern, or rename the model's table or index",
    );
    expect(() => assertModelsNotIgnored(toSchema([Orders]), rules)).not.toThrow();
  });

  it('invalid patterns say why', () => {
    expect(ignorePatternProblem('legacy_*')).toBeNull();
    expect(ignorePatternProblem('users.users_name_trgm_idx')).toBeNull();
    expect(ignorePatternProblem('')).toBe('is empty');
    expect(ignorePatternProblem(' a')).toBe('has spaces around it');
    expect(ignorePatternProblem('!spatial_ref_sys')).toMatch(/no negation/);
    expect(ignorePatternProblem('(a|b)')).toMatch(/only wildcards are \* and \?/);
    expect(ignorePatternProblem('a.b.c')).toMatch(/more than one '\.'/);
    expect(ignorePatternProblem('users.')).toMatch(/empty side/);
    expect(() => ignoreRules(['ok', '.idx'])).toThrow(`'ignore' pattern ".idx" has an empty side of '.': write table or table.object`);
  });
});
