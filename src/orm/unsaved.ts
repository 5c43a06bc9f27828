/**
 * A one-line account of what a session would lose if closed now: new objects, marked
 * deletions, changed objects (with the changed fields), and flushed-but-uncommitted writes.
 */
import type { InstanceState } from './instance-state.js';
import type { Session } from './session.js';
import { isBatch } from './tracked.js';

/** What closing now would discard, or null when nothing. */
export function describeUnsaved(session: Session, wroteInTransaction: boolean): string | null {
  const parts: string[] = [];
  const count = (byName: Map<string, number>) => [...byName].map(([n, k]) => `${k} ${n}`).join(', ');
  const tally = (byName: Map<string, number>, name: string, k = 1) => byName.set(name, (byName.get(name) ?? 0) + k);
  const pending = new Map<string, number>();
  const deleting = new Map<string, number>();
  const changed: string[] = [];
  for (const { mapper, pending: waiting, stored, batches } of session.tracked.lists()) {
    for (const batch of batches) {
      for (let i = batch.nextDirty(0); i >= 0; i = batch.nextDirty(i + 1)) {
        changed.push(`${mapper.describe(batch.objs[i]!)}: ${batch.changedColumns(i)!.map((c) => mapper.columns[c]!.prop).join(', ')}`);
      }
    }
    for (const s of waiting) if (s.owner === session && s.status === 'pending') tally(pending, mapper.name, isBatch(s) ? s.size : 1);
    const diff = mapper.changed;
    for (const s of stored) {
      if (s.owner !== session || s.status !== 'persistent') continue;
      if (s.markedForDeletion) {
        tally(deleting, mapper.name);
        continue;
      }
      const cols = diff(s.obj, s.snapshot!, s.snapOffset);
      if (cols) changed.push(`${mapper.describe(s.obj)}: ${cols.map((i) => mapper.columns[i]!.prop).join(', ')}`);
    }
  }
  if (pending.size) parts.push(`new: ${count(pending)}`);
  if (deleting.size) parts.push(`to delete: ${count(deleting)}`);
  if (changed.length) parts.push(`changed: ${changed.slice(0, 5).join('; ')}${changed.length > 5 ? `; and ${changed.length - 5} more` : ''}`);
  if (wroteInTransaction) parts.push('flushed but not committed writes');
  return parts.length > 0 ? parts.join('; ') : null;
}

/** The distinct objects of a session whose state passes `test`. */
export function trackedObjects(session: Session, test: (s: InstanceState) => boolean): object[] {
  const out = new Set<object>();
  for (const s of session.tracked.all()) if (s.owner === session && test(s)) out.add(s.obj);
  return [...out];
}
