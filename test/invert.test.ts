import { describe, expect, it } from 'vitest';
import type { Operation } from '../src/index.js';
import { invert, invertAll } from '../src/ops/invert.js';
import { column, irTable } from './support/ir.js';
import { columnKeys } from '../src/schema/index-keys.js';

const users = irTable('users', { columns: [column('id', { nullable: false, autoIncrement: true })], primaryKey: { name: null, columns: ['id'] } });
const fk = { type: 'foreignKey' as const, name: 'fk', columns: ['u'], refTable: 'users', refColumns: ['id'], onDelete: 'cascade' as const, onUpdate: 'no action' as const };

describe('invert: every operation has its inverse, or says why not', () => {
  it.each<[string, Operation, Operation]>([
    ['createTable', { kind: 'createTable', table: users }, { kind: 'dropTable', table: users }],
    ['renameTable', { kind: 'renameTable', from: 'a', to: 'b' }, { kind: 'renameTable', from: 'b', to: 'a' }],
    ['addColumn', { kind: 'addColumn', table: 't', column: column('c') }, { kind: 'dropColumn', table: 't', column: column('c') }],
    ['renameColumn', { kind: 'renameColumn', table: 't', from: 'a', to: 'b' }, { kind: 'renameColumn', table: 't', from: 'b', to: 'a' }],
    ['createIndex', { kind: 'createIndex', table: 't', index: { name: 'i', keys: columnKeys(['a']), unique: false, where: null } }, { kind: 'dropIndex', table: 't', index: { name: 'i', keys: columnKeys(['a']), unique: false, where: null } }],
    ['dropIndex', { kind: 'dropIndex', table: 't', index: { name: 'i', keys: columnKeys(['a']), unique: true, where: 'a > 0' } }, { kind: 'createIndex', table: 't', index: { name: 'i', keys: columnKeys(['a']), unique: true, where: 'a > 0' } }],
    [
      'createIndex concurrently',
      { kind: 'createIndex', table: 't', index: { name: 'i', keys: columnKeys(['a']), unique: false, where: null }, concurrently: true },
      { kind: 'dropIndex', table: 't', index: { name: 'i', keys: columnKeys(['a']), unique: false, where: null }, concurrently: true },
    ],
    [
      'dropIndex concurrently',
      { kind: 'dropIndex', table: 't', index: { name: 'i', keys: columnKeys(['a']), unique: false, where: null }, concurrently: true },
      { kind: 'createIndex', table: 't', index: { name: 'i', keys: columnKeys(['a']), unique: false, where: null }, concurrently: true },
    ],
    ['addConstraint', { kind: 'addConstraint', table: 't', constraint: fk }, { kind: 'dropConstraint', table: 't', constraint: fk }],
    ['renameIndex', { kind: 'renameIndex', table: 't', from: 'ix_a', to: 'ix_b' }, { kind: 'renameIndex', table: 't', from: 'ix_b', to: 'ix_a' }],
    ['renameConstraint', { kind: 'renameConstraint', table: 't', constraint: fk, to: 'fk2' }, { kind: 'renameConstraint', table: 't', constraint: { ...fk, name: 'fk2' }, to: 'fk' }],
    ['dropConstraint', { kind: 'dropConstraint', table: 't', constraint: { type: 'check', name: 'c', expression: 'a > 0' } }, { kind: 'addConstraint', table: 't', constraint: { type: 'check', name: 'c', expression: 'a > 0' } }],
    ['setTableComment', { kind: 'setTableComment', table: 't', before: null, after: 'x' }, { kind: 'setTableComment', table: 't', before: 'x', after: null }],
    ['createEnum', { kind: 'createEnum', enum: { name: 'e', values: ['a'] } }, { kind: 'dropEnum', enum: { name: 'e', values: ['a'] } }],
    ['dropEnum', { kind: 'dropEnum', enum: { name: 'e', values: ['a'] } }, { kind: 'createEnum', enum: { name: 'e', values: ['a'] } }],
    ['alterEnum (adding)', { kind: 'alterEnum', before: { name: 'e', values: ['a'] }, after: { name: 'e', values: ['a', 'b'] } }, { kind: 'alterEnum', before: { name: 'e', values: ['a', 'b'] }, after: { name: 'e', values: ['a'] } }],
    ['execute with reverse', { kind: 'execute', sql: 'A', reverse: 'B' }, { kind: 'execute', sql: 'B', reverse: 'A' }],
    [
      'alterColumn (widening)',
      { kind: 'alterColumn', table: 't', before: column('c'), after: column('c', { type: { kind: 'bigint' }, nullable: false }) },
      { kind: 'alterColumn', table: 't', before: column('c', { type: { kind: 'bigint' }, nullable: false }), after: column('c') },
    ],
  ])('%s', (_name, op, inverse) => {
    const inv = invert(op);
    expect(inv).toMatchObject({ ok: true, operation: inverse });
    if (inv.ok && op.kind !== 'alterEnum' && op.kind !== 'alterColumn') expect(inv.dataLoss).toBeNull();
    // Inverting twice gives the operation back.
    expect(inv.ok && invert(inv.operation)).toMatchObject({ ok: true, operation: op });
  });

  it('names the data a drop cannot give back', () => {
    expect(invert({ kind: 'dropTable', table: users })).toEqual({ ok: true, operation: { kind: 'createTable', table: users }, dataLoss: "The rows of table 'users' deleted by the upgrade are not restored." });
    expect(invert({ kind: 'dropColumn', table: 'users', column: column('age', { default: { kind: 'literal', value: 0 } }) })).toMatchObject({
      ok: true,
      dataLoss: "The values of column 'users.age' deleted by the upgrade are not restored (rows get the default).",
    });
  });

  it('names what a narrowing change cut, and what a downgrade would narrow', () => {
    const wide = column('name', { type: { kind: 'varchar', length: 100 } });
    const narrow = column('name', { type: { kind: 'varchar', length: 20 } });
    expect(invert({ kind: 'alterColumn', table: 'u', before: wide, after: narrow })).toMatchObject({
      dataLoss: "Values of column 'u.name' changed by the narrowing varchar(100) → varchar(20) are not restored.",
    });
    expect(invert({ kind: 'alterColumn', table: 'u', before: narrow, after: wide })).toMatchObject({
      dataLoss: "The downgrade narrows column 'u.name' (varchar(100) → varchar(20)): values that do not fit are cut or refused.",
    });
    expect(invert({ kind: 'alterEnum', before: { name: 'e', values: ['a', 'b'] }, after: { name: 'e', values: ['a'] } })).toMatchObject({
      dataLoss: "Rows that held the values 'b' removed from enum 'e' are not restored.",
    });
  });

  it('refuses raw SQL without a reverse and bulk inserts', () => {
    expect(invert({ kind: 'execute', sql: 'DELETE FROM t', reverse: null })).toEqual({ ok: false, reason: 'raw SQL (op.execute) without a reverse statement cannot be reversed automatically' });
    expect(invert({ kind: 'bulkInsert', table: 'roles', rows: [{ a: 1 }] })).toMatchObject({ ok: false, reason: expect.stringContaining("'roles'") });
  });

  it('inverts a list into the downgrade order: last operation first', () => {
    const ops: Operation[] = [
      { kind: 'createTable', table: users },
      { kind: 'addColumn', table: 'users', column: column('age') },
    ];
    expect(invertAll(ops).map((i) => i.ok && i.operation.kind)).toEqual(['dropColumn', 'dropTable']);
  });
});
