/**
 * Helpers for the PostgreSQL-only suites: they run when ORM_TEST_PG_URL is set (and fail
 * under CI=true when it is not, like the dialect matrix).
 */
import { describe } from 'vitest';
import type { Engine } from '../../src/index.js';
import type { PlannedStatement } from '../../src/ops/operations.js';
import { dialectTargets } from './databases.js';

/** `describe` for PostgreSQL-specific behaviour; skipped with the reason when no server is configured. */
export function describePostgres(title: string, body: () => void): void {
  const target = dialectTargets().find((t) => t.dialect === 'postgres');
  if (!target) return;
  if (target.skipReason) describe.skip(`${title} (skipped: ${target.skipReason})`, body);
  else describe(title, body);
}

/** Runs planned statements the way a migration runner does: transactional ones in one transaction, the others alone after it. */
export async function runPlanned(engine: Engine, statements: readonly PlannedStatement[]): Promise<void> {
  const inTx = statements.filter((s) => s.transactional !== false);
  if (inTx.length) {
    await engine.transaction(async (tx) => {
      for (const s of inTx) await tx.execute(s.sql, s.params ?? []);
    });
  }
  for (const s of statements.filter((x) => x.transactional === false)) await engine.execute(s.sql, s.params ?? []);
}
