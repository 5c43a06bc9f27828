/**
 * What a rollback does to objects: they go back to what the database holds. Rows inserted
 * in the transaction become new objects again (without the values the database generated),
 * deleted ones come back, changed values return, unflushed changes are discarded, and
 * loaded relations are unloaded (they may hold rolled-back changes).
 */
import { restoreFromSnapshot } from './hydrate.js';
import type { InstanceState } from './instance-state.js';
import type { Session } from './session.js';

/** `written` are the states the transaction UPDATEd or DELETEd, with their backups. */
export function restoreAfterRollback(session: Session, written: readonly InstanceState[]): void {
  const generation = session.generation;
  for (const s of written) {
    if (s.insertedIn === generation) continue;
    if (s.status === 'deleted') {
      s.status = 'persistent';
      session.identity.add(s);
    }
    if (s.transactionBackup) {
      s.snapshot = s.transactionBackup;
      s.snapOffset = 0;
      restoreFromSnapshot(s);
    }
    s.transactionBackup = undefined;
  }
  for (const s of session.tracked.all()) {
    if (s.owner !== session) continue;
    s.markedForDeletion = false;
    if (s.status === 'pending') session.forget(s);
    else if (s.insertedIn === generation && s.status !== 'detached') {
      for (const prop of s.generated ?? []) s.obj[prop] = undefined;
      session.forget(s);
    } else if (s.status === 'persistent') {
      if (s.mapper.dirty(s)) restoreFromSnapshot(s);
      if (s.relationSnapshot) for (const name of s.relationSnapshot.keys()) delete s.obj[name];
      s.relationSnapshot = null;
    }
  }
  session.pendingCount = 0;
  session.deletionCount = 0;
}
