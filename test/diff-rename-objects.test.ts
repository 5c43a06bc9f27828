/**
 * Indexes and constraints whose names follow a renamed table or column (or that are only
 * renamed in the model) are renamed by the diff, not dropped and built again; the
 * migration API records those renames.
 */
import { describe, expect, it } from 'vitest';
import type { AnyModel, Operation } from '../src/index.js';
import { integer, renameHints, table, varchar } from '../src/index.js';
import { sqliteDialect } from '../src/dialects/sqlite/index.js';
import { diff } from '../src/diff/diff.js';
import { applyOperation } from '../src/ops/apply.js';
import { MigrationOp } from '../src/ops/op-api.js';
import { invertAll } from '../src/ops/invert.js';
import { toSchema } from '../src/index.js';

const run = (from: AnyModel[], to: AnyModel[]) => diff(toSchema(from), toSchema(to), { dialect: sqliteDialect, renames: renameHints(to) });

function summary(ops: readonly Operation[]): string[] {
  return ops.map((op) => {
    switch (op.kind) {
      case 'renameTable':
        return `renameTable ${op.from}>${op.to}`;
      case 'renameColumn':
      case 'renameIndex':
        return `${op.kind} ${op.table}.${op.from}>${op.to}`;
      case 'renameConstraint':
        return `renameConstraint ${op.table}.${op.constraint.type}:${op.constraint.name}>${op.to}`;
      case 'createIndex':
      case 'dropIndex':
        return `${op.kind} ${op.table}.${op.index.name}`;
      case 'addConstraint':
      case 'dropConstraint':
        return `${op.kind} ${op.table}.${op.constraint.type}:${op.constraint.name ?? ''}`;
      default:
        return op.kind;
    }
  });
}

/** Applying the operations to `from` gives `to`, and their inverses give `from` back. */
function expectRoundTrip(from: AnyModel[], to: AnyModel[], ops: readonly Operation[]): void {
  const norm = sqliteDialect.normalize;
  const up = ops.reduce(applyOperation, toSchema(from));
  expect(norm(up)).toEqual(norm(toSchema(to)));
  const down = invertAll(ops).map((inv) => (inv.ok ? inv.operation : expect.fail(inv.reason)));
  expect(norm(down.reduce(applyOperation, up))).toEqual(norm(toSchema(from)));
}

describe('diff: names that follow a rename', () => {
  it('a renamed column renames its unique constraint and indexes after the column rename', () => {
    const a = table('users', { id: integer().primaryKey(), email: varchar(255).notNull().unique(), name: varchar(50) }, (t) => [t.index([t.c.email, t.c.name])]);
    const b = table('users', { id: integer().primaryKey(), contact: varchar(255).notNull().unique().renamedFrom('email'), name: varchar(50) }, (t) => [
      t.index([t.c.contact, t.c.name]),
    ]);
    const { operations } = run([a], [b]);
    expect(summary(operations)).toEqual([
      'renameColumn users.email>contact',
      'renameIndex users.ix_users_email_name>ix_users_contact_name',
      'renameConstraint users.unique:uq_users_email>uq_users_contact',
    ]);
    expectRoundTrip([a], [b], operations);
  });

  it('a renamed table renames its indexes, checks and foreign keys, and the foreign keys naming it', () => {
    const Teams = table('teams', { id: integer().primaryKey(), size: integer().check('size > 0').index() });
    const Users = table('users', { id: integer().primaryKey(), team_id: integer().references(() => Teams.c.id) });
    const Squads = table('squads', { id: integer().primaryKey(), size: integer().check('size > 0').index() }, { renamedFrom: 'teams' });
    const Users2 = table('users', { id: integer().primaryKey(), team_id: integer().references(() => Squads.c.id) });
    const { operations } = run([Teams, Users], [Squads, Users2]);
    expect(summary(operations)).toEqual([
      'renameTable teams>squads',
      'renameIndex squads.ix_teams_size>ix_squads_size',
      'renameConstraint squads.check:ck_teams_size>ck_squads_size',
      'renameConstraint users.foreignKey:fk_users_team_id_teams>fk_users_team_id_squads',
    ]);
    const fk = operations[3]!;
    expect(fk.kind === 'renameConstraint' && fk.constraint).toMatchObject({ refTable: 'squads', columns: ['team_id'] });
    expectRoundTrip([Teams, Users], [Squads, Users2], operations);
  });

  it('an index renamed in the model only is renamed', () => {
    const a = table('t', { id: integer().primaryKey(), x: integer() }, (t) => [t.index('ix_old', [t.c.x], { where: 'x > 0' })]);
    const b = table('t', { id: integer().primaryKey(), x: integer() }, (t) => [t.index('ix_new', [t.c.x], { where: 'x > 0' })]);
    expect(summary(run([a], [b]).operations)).toEqual(['renameIndex t.ix_old>ix_new']);
  });

  it('a name change with any other change stays a drop and an add', () => {
    const a = table('t', { id: integer().primaryKey(), x: integer(), y: integer() }, (t) => [t.index('ix_old', [t.c.x])]);
    const b = table('t', { id: integer().primaryKey(), x: integer(), y: integer() }, (t) => [t.uniqueIndex('ix_new', [t.c.x])]);
    expect(summary(run([a], [b]).operations)).toEqual(['dropIndex t.ix_old', 'createIndex t.ix_new']);
  });

  it('two candidates for one rename stay drops and adds', () => {
    const a = table('t', { id: integer().primaryKey(), x: integer() }, (t) => [t.index('ix_a', [t.c.x]), t.index('ix_b', [t.c.x])]);
    const b = table('t', { id: integer().primaryKey(), x: integer() }, (t) => [t.index('ix_c', [t.c.x]), t.index('ix_d', [t.c.x])]);
    expect(summary(run([a], [b]).operations)).toEqual(['dropIndex t.ix_a', 'dropIndex t.ix_b', 'createIndex t.ix_c', 'createIndex t.ix_d']);
    const one = table('t', { id: integer().primaryKey(), x: integer() }, (t) => [t.index('ix_c', [t.c.x])]);
    expect(summary(run([a], [one]).operations)).toEqual(['dropIndex t.ix_a', 'dropIndex t.ix_b', 'createIndex t.ix_c']);
  });

  it('names that swap places stay drops and adds (no rename onto a name still in use)', () => {
    const a = table('t', { id: integer().primaryKey(), x: integer(), y: integer() }, (t) => [t.index('ix_a', [t.c.x]), t.index('ix_b', [t.c.y])]);
    const b = table('t', { id: integer().primaryKey(), x: integer(), y: integer() }, (t) => [t.index('ix_b', [t.c.x]), t.index('ix_a', [t.c.y])]);
    expect(summary(run([a], [b]).operations)).toEqual(['dropIndex t.ix_a', 'dropIndex t.ix_b', 'createIndex t.ix_a', 'createIndex t.ix_b']);
  });

  it('a check naming a renamed column changes its expression: dropped before the rename, added after', () => {
    const a = table('t', { id: integer().primaryKey(), x: integer().check('x > 0') });
    const b = table('t', { id: integer().primaryKey(), y: integer().check('y > 0').renamedFrom('x') });
    expect(summary(run([a], [b]).operations)).toEqual(['dropConstraint t.check:ck_t_x', 'renameColumn t.x>y', 'addConstraint t.check:ck_t_y']);
  });
});

describe('op.renameIndex and op.renameConstraint in migration files', () => {
  const T = table('t', { id: integer().primaryKey(), x: integer().unique(), y: integer() }, (t) => [t.uniqueIndex('ux_y', [t.c.y])]);

  it('record the rename with the constraint as it stands, and refuse what is not there', () => {
    const op = new MigrationOp(toSchema([T]));
    op.renameConstraint('t', 'uq_t_x', 'uq_x').renameIndex('t', 'ux_y', 'ux_y2');
    expect(op.operations).toEqual([
      { kind: 'renameConstraint', table: 't', constraint: { type: 'unique', name: 'uq_t_x', columns: ['x'] }, to: 'uq_x' },
      { kind: 'renameIndex', table: 't', from: 'ux_y', to: 'ux_y2' },
    ]);
    expect(() => op.renameIndex('t', 'nope', 'x')).toThrow("renameIndex: no index 'nope' on 't'");
    expect(() => op.renameConstraint('t', 'nope', 'x')).toThrow("renameConstraint: no constraint 'nope' on 't'");
    expect(() => op.renameConstraint('t', 'uq_x', 'uq_x')).toThrow("renameConstraint: constraint 'uq_x' already exists on 't'");
  });

  it('take a unique index for a unique constraint and back (MySQL reads one as the other)', () => {
    const op = new MigrationOp(toSchema([T]));
    op.renameConstraint('t', 'ux_y', 'ux_y2').renameIndex('t', 'uq_t_x', 'uq_x');
    expect(summary(op.operations)).toEqual(['renameIndex t.ux_y>ux_y2', 'renameConstraint t.unique:uq_t_x>uq_x']);
  });
});
