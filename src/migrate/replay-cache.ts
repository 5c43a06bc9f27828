/**
 * What a migrations folder replays to, kept between runs of `orm check`: the schema a
 * scratch database had after every migration ran, keyed by everything the result
 * depends on — each file's name and checksum in graph order, the version table, the
 * dialect and its engine's version, and this build of ormkit. A folder with a migration
 * whose result could change without its text changing (it imports a helper or more than
 * the model API, reads the environment, the clock, randomness, or runs raw SQL, which can
 * read the same from the server) is never cached.
 */
import { resolve } from 'node:path';
import type { Dialect } from '../dialects/dialect.js';
import type { Executor } from '../engine/engine.js';
import { ormkitBuild } from '../modules/build-id.js';
import { DiskCache, sha256 } from '../modules/disk-cache.js';
import type { Schema, Table } from '../schema/ir.js';
import { makeSchema } from '../schema/ir.js';
import type { RevisionGraph } from './graph.js';

const isSchema = (v: unknown): v is { tables: Table[] } =>
  typeof v === 'object' && v !== null && Array.isArray((v as { tables?: unknown }).tables) && (v as { tables: unknown[] }).tables.every((t) => typeof t === 'object' && t !== null && typeof (t as { name?: unknown }).name === 'string');

/**
 * A fingerprint of a schema: equal fingerprints, equal schemas (IR built the same way
 * lists its keys in the same order, as introspection does).
 */
export function schemaFingerprint(schema: Schema): string {
  return sha256(JSON.stringify(schema.tables));
}

const isFingerprint = (v: unknown): v is string => typeof v === 'string';

export class ReplayCache {
  /** The replayed schema's fingerprint: small, read on every check. */
  private readonly fingerprints: DiskCache<string>;
  /** The replayed schema itself: read only when no schema at hand has that fingerprint. */
  private readonly schemas: DiskCache<{ tables: Table[] }>;
  private readonly directory: string;

  constructor(
    directory: string,
    private readonly graph: RevisionGraph,
    private readonly dialect: Dialect,
    private readonly versionTable: string,
  ) {
    this.directory = resolve(directory);
    this.fingerprints = new DiskCache(`${this.directory}#replay`, ormkitBuild(), isFingerprint);
    this.schemas = new DiskCache(`${this.directory}#replay-schema`, ormkitBuild(), isSchema);
  }

  /** The engine version to key by, read through `executor`; null when the dialect cannot say. */
  async engineVersion(executor: Executor): Promise<string | null> {
    if (!this.dialect.versionQuery) return null;
    const { rows } = await executor.execute(this.dialect.versionQuery);
    const first = rows[0];
    return first ? String(Object.values(first)[0]) : null;
  }

  private key(engineVersion: string): string {
    const files = this.graph.files.map((f) => [f.name, f.checksum]);
    return sha256(JSON.stringify({ dialect: this.dialect.name, engine: engineVersion, versionTable: this.versionTable, files }));
  }

  /** The fingerprint of the replayed schema, when these exact files were replayed on this engine before. */
  fingerprint(engineVersion: string): string | undefined {
    return this.fingerprints.get(this.directory, this.key(engineVersion));
  }

  /** The replayed schema, when these exact files were replayed on this engine before. */
  schema(engineVersion: string): Schema | undefined {
    const stored = this.schemas.get(this.directory, this.key(engineVersion));
    return stored && makeSchema(stored.tables);
  }

  set(engineVersion: string, schema: Schema): void {
    const key = this.key(engineVersion);
    this.schemas.set(this.directory, key, { tables: [...schema.tables] });
    this.fingerprints.set(this.directory, key, schemaFingerprint(schema));
    this.schemas.flush();
    this.fingerprints.flush();
  }
}
