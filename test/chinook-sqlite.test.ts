import { describe, expect, it } from 'vitest';
import { createAll, createEngine } from '../src/index.js';
import { chinookScript } from './support/corpus.js';

describe('Chinook (a real schema written by someone else) on SQLite', () => {
  it('introspects it, recreates it with create-all, and the two normalize equal', async () => {
    const original = await createEngine('sqlite://:memory:');
    const conn = await original.connect();
    await conn.raw.exec(chinookScript('sqlite'));
    conn.release();
    const schema = await original.introspect();
    expect(schema.tables.map((t) => t.name)).toEqual([
      'Album', 'Artist', 'Customer', 'Employee', 'Genre', 'Invoice', 'InvoiceLine', 'MediaType', 'Playlist', 'PlaylistTrack', 'Track',
    ]);
    const track = schema.tables.find((t) => t.name === 'Track')!;
    expect(track.columns.find((c) => c.name === 'Name')!.type).toEqual({ kind: 'varchar', length: 200 });
    expect(track.columns.find((c) => c.name === 'UnitPrice')!.type).toEqual({ kind: 'numeric', precision: 10, scale: 2 });
    expect(track.foreignKeys.map((f) => f.name).sort()).toEqual(['fk_Track_AlbumId_Album', 'fk_Track_GenreId_Genre', 'fk_Track_MediaTypeId_MediaType']); // unnamed in the script: deterministic names
    expect(schema.tables.find((t) => t.name === 'PlaylistTrack')!.primaryKey!.columns).toEqual(['PlaylistId', 'TrackId']);
    const rows = (await original.execute('SELECT COUNT(*) AS n FROM "Track"')).rows[0]!.n;
    expect(rows).toBe(3503);

    const copy = await createEngine('sqlite://:memory:');
    await createAll(copy, schema);
    const recreated = await copy.introspect();
    expect(copy.dialect.normalize(recreated)).toEqual(original.dialect.normalize(schema));
    await original.close();
    await copy.close();
  });
});
