/**
 * Keeps loaded objects truthful after deletes the database itself propagates: a foreign
 * key declared `ON DELETE CASCADE` removed the children's rows, `ON DELETE SET NULL`
 * cleared their keys. Objects already in the session that were hit are marked deleted or
 * get NULL (in value and snapshot) — no statements, the database already did it.
 */
import type { InstanceState } from './instance-state.js';
import type { Mapper } from './mapper.js';
import type { Session } from './session.js';
import { tupleKey } from './loading.js';

/** `deleted` are rows just deleted (their objects hold their last values). */
export function applyDatabaseCascades(session: Session, deleted: readonly { readonly mapper: Mapper; readonly obj: Record<string, unknown> }[]): void {
  let frontier = deleted;
  while (frontier.length > 0) {
    const next: InstanceState[] = [];
    const tables = new Map<string, (typeof frontier)[number][]>();
    for (const d of frontier) {
      const list = tables.get(d.mapper.table.name);
      if (list) list.push(d);
      else tables.set(d.mapper.table.name, [d]);
    }
    for (const mapper of session.identity.mappers()) {
      for (const fk of mapper.table.foreignKeys) {
        const parents = tables.get(fk.refTable);
        if (!parents || (fk.onDelete !== 'cascade' && fk.onDelete !== 'set null')) continue;
        const refProps = fk.refColumns.map((n) => parents[0]!.mapper.byName.get(n)?.prop);
        if (refProps.some((p) => p === undefined)) continue;
        const gone = new Set(parents.map((p) => tupleKey(refProps.map((prop) => p.obj[prop!]))));
        const cols = fk.columns.map((n) => mapper.byName.get(n)!);
        for (const state of [...session.identity.states(mapper)]) {
          if (state.status !== 'persistent' || !gone.has(tupleKey(cols.map((c) => state.obj[c.prop])))) continue;
          session.noteWrite(state);
          if (fk.onDelete === 'cascade') {
            state.status = 'deleted';
            session.identity.remove(state);
            next.push(state);
          } else {
            for (const c of cols) {
              state.obj[c.prop] = null;
              state.snapshot![state.snapOffset + c.index] = null;
            }
          }
        }
      }
    }
    frontier = next;
  }
}
