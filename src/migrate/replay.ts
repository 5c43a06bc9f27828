import { MigrationOp } from '../ops/op-api.js';
import type { RecordedOperation } from '../ops/op-api.js';
import type { Schema } from '../schema/ir.js';
import { makeSchema } from '../schema/ir.js';
import type { RevisionGraph } from './graph.js';
import type { MigrationLoader } from './load-migrations.js';
import type { Direction } from './run-step.js';
import { callMigration } from './call-migration.js';

/** One migration replayed on a schema: its recorded operations and the schema after. */
export interface ReplayedStep {
  readonly revision: string;
  readonly recorded: readonly RecordedOperation[];
  readonly after: Schema;
}

/**
 * Runs migrations' `upgrade(op)` / `downgrade(op)` against a schema without a database:
 * the state offline scripts, `orm show` and `orm migrate lint` plan against. Raw SQL
 * (`op.execute`) cannot be followed here; its effects are not in the replayed schema.
 */
export async function replay(graph: RevisionGraph, loader: MigrationLoader, revisions: readonly string[], direction: Direction, start: Schema = makeSchema([])): Promise<{ schema: Schema; steps: ReplayedStep[] }> {
  let schema = start;
  const steps: ReplayedStep[] = [];
  await loader.prepare(revisions.map((r) => graph.get(r)));
  for (const revision of revisions) {
    const op = new MigrationOp(schema);
    await callMigration(loader, graph.get(revision), direction, op);
    schema = op.schema;
    steps.push({ revision, recorded: op.recorded, after: schema });
  }
  return { schema, steps };
}
