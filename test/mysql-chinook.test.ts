import { expect, it } from 'vitest';
import { createAll, createEngine } from '../src/index.js';
import { findTable } from '../src/schema/ir.js';
import { loadableChinookScript } from './support/corpus.js';
import { useTestDatabase } from './support/databases.js';
import { describeMysql } from './support/mysql.js';

describeMysql('Chinook corpus', () => {
  const first = useTestDatabase('mysql');
  const second = useTestDatabase('mysql');

  it('loads, introspects, and re-creates from its own IR identically', async () => {
    const original = await createEngine(first().url);
    const copy = await createEngine(second().url);
    try {
      const conn = await original.connect();
      try {
        await conn.raw.exec(loadableChinookScript('mysql'));
      } finally {
        conn.release();
      }
      const counts = (await original.execute(
        'SELECT (SELECT COUNT(*) FROM Track) AS track, (SELECT COUNT(*) FROM InvoiceLine) AS line, (SELECT COUNT(*) FROM PlaylistTrack) AS pt',
      )).rows[0];
      expect(counts).toEqual({ track: 3503, line: 2240, pt: 8715 });

      const schema = await original.introspect();
      expect(schema.tables.map((t) => t.name)).toEqual([
        'Album', 'Artist', 'Customer', 'Employee', 'Genre', 'Invoice', 'InvoiceLine', 'MediaType', 'Playlist', 'PlaylistTrack', 'Track',
      ]);
      const track = findTable(schema, 'Track')!;
      expect(track.primaryKey).toEqual({ name: null, columns: ['TrackId'] });
      expect(track.columns.find((c) => c.name === 'Name')!.type).toEqual({ kind: 'varchar', length: 200 });
      expect(track.columns.find((c) => c.name === 'UnitPrice')!.type).toEqual({ kind: 'numeric', precision: 10, scale: 2 });
      // The script's IFK_ indexes replaced the ones InnoDB made for the foreign keys.
      expect(track.indexes.map((i) => i.name).sort()).toEqual(['IFK_TrackAlbumId', 'IFK_TrackGenreId', 'IFK_TrackMediaTypeId']);
      expect(track.foreignKeys.map((f) => f.name).sort()).toEqual(['FK_TrackAlbumId', 'FK_TrackGenreId', 'FK_TrackMediaTypeId']);
      expect(findTable(schema, 'Employee')!.columns.find((c) => c.name === 'BirthDate')!.type).toEqual({ kind: 'custom', sql: 'datetime' });

      const created = await createAll(copy, schema);
      expect(created.createdTables).toHaveLength(11);
      expect(copy.dialect.normalize(await copy.introspect())).toEqual(original.dialect.normalize(schema));
    } finally {
      await original.close();
      await copy.close();
    }
  });
});
