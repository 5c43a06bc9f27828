/**
 * What the open transaction of a session wrote, for commit and rollback: whether it wrote
 * at all (closing would discard that), and the tracked rows it UPDATEd or DELETEd, each
 * with a copy of its snapshot from before the first such write (a rollback restores it).
 * Rows it INSERTed need no entry: their state says in which transaction they were inserted.
 */
import type { InstanceState } from './instance-state.js';

/** The writes of a session's open transaction. */
export class WriteLog {
  private states: InstanceState[] = [];
  private any = false;

  /** True when the open transaction wrote something. */
  get wrote(): boolean {
    return this.any;
  }

  /** Records that the transaction wrote this row (its snapshot is backed up once). */
  note(state: InstanceState): void {
    this.any = true;
    if (state.transactionBackup === undefined) {
      state.transactionBackup = state.snapshot ? state.mapper.snapshotCopy(state) : null;
      this.states.push(state);
    }
  }

  /** Records a write no object tracks (bulk update or delete). */
  noteBulk(): void {
    this.any = true;
  }

  /** Ends the log (at commit or rollback) and returns the rows written, backups still attached. */
  take(): InstanceState[] {
    const states = this.states;
    this.states = [];
    this.any = false;
    return states;
  }
}
