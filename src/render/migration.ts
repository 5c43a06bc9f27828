/**
 * Migration files: operations → TypeScript source from templates/migration.ts.tmpl.
 * Readable, typed, hand-editable; executed through `MigrationOp`, a rendered file records
 * the operations it was rendered from.
 */
import { MigrationError } from '../errors.js';
import type { Inversion } from '../ops/invert.js';
import { invertAll } from '../ops/invert.js';
import type { Operation } from '../ops/operations.js';
import { operationSource } from './operation-source.js';
import { fillTemplate, loadTemplate } from './template.js';
import { commentText, Imports, tsString } from './ts-source.js';

/** Everything a migration file says. */
export interface MigrationSource {
  readonly revision: string;
  /** null for the first migration; an array for a merge. */
  readonly downRevision: string | readonly string[] | null;
  readonly message: string;
  readonly createdAt: Date;
  readonly upgrade: readonly Operation[];
  /** Defaults to the inversion of `upgrade`. */
  readonly downgrade?: readonly Operation[];
  /**
   * Where each rename decision came from, written above the rename (`model hint
   * renamedFrom('fullname')`, `--rename users.fullname=name`, `the prompt`). Keyed by the
   * new name: `table` for a table, `table.column` for a column.
   */
  readonly renameNotes?: ReadonlyMap<string, string>;
}

const INDENT = '  ';

/** Migration file text (TypeScript) from operations, using templates/migration.ts.tmpl. */
export function renderMigration(source: MigrationSource): string {
  if (typeof source.revision !== 'string' || source.revision === '') throw new MigrationError('renderMigration: the revision must be a non-empty string');
  const imports = new Imports();
  const upgrade = source.upgrade.flatMap((op) => [...renameNote(op, source.renameNotes), ...operationSource(op, imports)]);
  const downgrade = source.downgrade
    ? source.downgrade.flatMap((op) => operationSource(op, imports))
    : downgradeLines(source.upgrade, invertAll(source.upgrade), source.revision, imports);

  const parents = source.downRevision === null ? [] : typeof source.downRevision === 'string' ? [source.downRevision] : [...source.downRevision];
  const builders = imports.statement();
  return fillTemplate(loadTemplate('migration.ts.tmpl'), {
    message: commentText(source.message).split(/\r?\n/).join('\n * '),
    revision: commentText(source.revision),
    parentLabel: parents.length > 1 ? 'Parents: ' : 'Parent:  ',
    parents: parents.length ? commentText(parents.join(', ')) : 'none (first migration)',
    createdAt: source.createdAt.toISOString(),
    imports: `import type { MigrationOp } from 'ormkit';${builders ? `\n${builders}` : ''}`,
    revisionLiteral: tsString(source.revision),
    downRevisionLiteral: source.downRevision === null ? 'null' : typeof source.downRevision === 'string' ? tsString(source.downRevision) : `[${parents.map(tsString).join(', ')}]`,
    messageLiteral: tsString(source.message),
    upgrade: body(upgrade),
    downgrade: body(downgrade),
  });
}

function body(lines: readonly string[]): string {
  return (lines.length ? lines : ['// No operations.']).map((l) => `${INDENT}${l}`).join('\n');
}

/** The comment above a decided rename, so the decision is visible in the file. */
function renameNote(op: Operation, notes: ReadonlyMap<string, string> | undefined): string[] {
  if (op.kind !== 'renameTable' && op.kind !== 'renameColumn') return [];
  const note = notes?.get(op.kind === 'renameTable' ? op.to : `${op.table}.${op.to}`);
  return [note ? `// Rename decided by ${commentLine(note)}: the data is kept.` : '// A decided rename, not a drop and an add: the data is kept.'];
}

/**
 * The inverted upgrade. What cannot be inverted becomes a comment naming it and a throw
 * (the downgrade refuses to run until someone writes it); what inverts without its data
 * gets a comment saying what is not restored.
 */
function downgradeLines(upgrade: readonly Operation[], inversions: readonly Inversion[], revision: string, imports: Imports): string[] {
  const reversed = [...upgrade].reverse();
  return inversions.flatMap((inv, i) => {
    if (inv.ok) return [...(inv.dataLoss ? [`// Data loss: ${commentLine(inv.dataLoss)}`] : []), ...operationSource(inv.operation, imports)];
    const original = reversed[i]!;
    const ran = operationSource(original, new Imports()).map((l, n) => `//${n === 0 ? ' The upgrade ran: ' : '   '}${commentLine(l)}`);
    const what = `op.${original.kind}`;
    return [
      `// Irreversible: ${commentLine(inv.reason)}.`,
      ...ran,
      `throw new Error(${tsString(`migration ${revision}: ${what} cannot be reversed automatically: edit this migration to write its downgrade`)});`,
    ];
  });
}

/** Text on one comment line: line breaks (which would end the comment) are written as \n. */
const commentLine = (s: string): string => s.replace(/\r?\n|\r|\u2028|\u2029/g, '\\n');
