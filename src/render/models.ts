import { MigrationError } from '../errors.js';
import type { Schema } from '../schema/ir.js';

/** Model source (TypeScript, `import … from 'ormkit'`) describing a schema: what `orm pull` writes. */
export function renderModels(_schema: Schema): string {
  throw new MigrationError('renderModels: pending (being built in the autogenerate work)');
}
