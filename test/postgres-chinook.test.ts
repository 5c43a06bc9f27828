import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Engine, Schema } from '../src/index.js';
import { createAll, createEngine } from '../src/index.js';
import { loadableChinookScript } from './support/corpus.js';
import { useTestDatabase } from './support/databases.js';
import { describePostgres } from './support/postgres.js';

describePostgres('postgres: the Chinook corpus survives introspect → create-all → introspect', () => {
  const source = useTestDatabase('postgres');
  const copy = useTestDatabase('postgres');
  let first: Engine;
  let second: Engine;
  beforeAll(async () => {
    first = await createEngine(source().url);
    second = await createEngine(copy().url);
  });
  afterAll(async () => {
    await first.close();
    await second.close();
  });

  it('loads, and a database created from its introspected IR introspects the same', async () => {
    const conn = await first.connect();
    try {
      await conn.raw.exec(loadableChinookScript('postgres'));
    } finally {
      conn.release();
    }
    expect((await first.execute('SELECT count(*)::int AS n FROM track')).rows).toEqual([{ n: 3503 }]);
    expect((await first.execute('SELECT count(*)::int AS n FROM invoice_line')).rows).toEqual([{ n: 2240 }]);

    const original: Schema = await first.introspect();
    expect(original.tables.map((t) => t.name)).toEqual([
      'album', 'artist', 'customer', 'employee', 'genre', 'invoice', 'invoice_line', 'media_type', 'playlist', 'playlist_track', 'track',
    ]);
    const track = original.tables.find((t) => t.name === 'track')!;
    expect(track.primaryKey).toEqual({ name: 'track_pkey', columns: ['track_id'] });
    expect(track.columns.find((c) => c.name === 'unit_price')).toMatchObject({ type: { kind: 'numeric', precision: 10, scale: 2 }, nullable: false });
    expect(track.foreignKeys.map((f) => f.name)).toEqual(['track_album_id_fkey', 'track_genre_id_fkey', 'track_media_type_id_fkey']);
    expect(track.indexes.map((i) => i.name)).toEqual(['track_album_id_idx', 'track_genre_id_idx', 'track_media_type_id_idx']);
    // employee.reports_to references its own table.
    expect(original.tables.find((t) => t.name === 'employee')!.foreignKeys[0]).toMatchObject({ refTable: 'employee', onDelete: 'no action' });

    const created = await createAll(second, original);
    expect(created.createdTables).toHaveLength(11);
    const recreated = await second.introspect();
    expect(second.dialect.normalize(recreated)).toEqual(first.dialect.normalize(original));
    // Nothing is lost even before normalization: names, key names and types are kept as read.
    expect(recreated).toEqual(original);
  });
});
