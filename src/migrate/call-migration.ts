import { MigrationError } from '../errors.js';
import type { MigrationOp } from '../ops/op-api.js';
import { display } from './graph.js';
import type { MigrationLoader } from './load-migrations.js';
import type { MigrationFile } from './migration-file.js';
import type { Direction } from './run-step.js';

/** Runs a migration's `upgrade(op)` / `downgrade(op)`; what it throws names the file. */
export async function callMigration(loader: MigrationLoader, file: MigrationFile, direction: Direction, op: MigrationOp): Promise<void> {
  const mod = await loader.load(file);
  try {
    await mod[direction](op);
  } catch (err) {
    const message = (err instanceof Error ? err.message : String(err)).split('\n')[0];
    throw new MigrationError(`${display(file.path)}: ${direction}() failed: ${message}`, { file: file.path, revision: file.revision }, { cause: err });
  }
}
