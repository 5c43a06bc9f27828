import { SessionError } from '../errors.js';
import type { Connection, Driver } from '../dialects/dialect.js';

interface Waiter {
  resolve: (lease: Lease) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout | null;
  site: (() => string) | undefined;
}

/** Exclusive use of one connection; `release()` returns it to the pool. */
export interface Lease {
  readonly connection: Connection;
  release(): void;
}

/**
 * A small connection pool. Callers get exclusive connections; when all are taken they
 * wait up to `acquireTimeoutMs`, then fail with an error naming where the current
 * holders acquired them, the classic leaked-session symptom, instead of hanging.
 */
export class Pool {
  private readonly idle: Connection[] = [];
  private readonly holders = new Map<Connection, (() => string) | undefined>();
  private readonly waiters: Waiter[] = [];
  private opening = 0;
  private closed = false;

  constructor(
    private readonly driver: Driver,
    readonly size: number,
    private readonly acquireTimeoutMs: number,
  ) {}

  get inUse(): number {
    return this.holders.size;
  }

  /** `site` describes the caller (a stack line) for the leak error; called only when needed. */
  async acquire(site?: () => string): Promise<Lease> {
    if (this.closed) throw new SessionError('the engine is closed');
    const conn = this.idle.pop();
    if (conn) return this.lease(conn, site);
    if (this.holders.size + this.opening < this.size) {
      this.opening++;
      try {
        return this.lease(await this.driver.connect(), site);
      } finally {
        this.opening--;
      }
    }
    return new Promise<Lease>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, timer: null, site };
      if (this.acquireTimeoutMs > 0) {
        waiter.timer = setTimeout(() => {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          reject(this.exhausted());
        }, this.acquireTimeoutMs);
      }
      this.waiters.push(waiter);
    });
  }

  private exhausted(): SessionError {
    const sites = [...this.holders.values()].map((s) => (s ? s() : 'an engine call')).filter(Boolean);
    return new SessionError(
      `all ${this.size} connection(s) are in use after waiting ${this.acquireTimeoutMs} ms; held by: ${sites.join('; ')}. ` +
        'Close sessions when done (use withSession), or raise the pool size',
      { poolSize: this.size, holders: sites },
    );
  }

  private lease(connection: Connection, site: (() => string) | undefined): Lease {
    this.holders.set(connection, site);
    let released = false;
    return {
      connection,
      release: () => {
        if (released) return;
        released = true;
        this.holders.delete(connection);
        this.handBack(connection);
      },
    };
  }

  private handBack(connection: Connection): void {
    if (connection.broken) {
      // A dead connection is closed, never handed out again; the next caller opens a fresh one.
      void connection.close().catch(() => undefined);
      const waiter = this.waiters.shift();
      if (waiter) {
        if (waiter.timer) clearTimeout(waiter.timer);
        this.opening++;
        this.driver
          .connect()
          .then((fresh) => waiter.resolve(this.lease(fresh, waiter.site)), waiter.reject)
          .finally(() => this.opening--);
      }
      return;
    }
    const next = this.waiters.shift();
    if (next) {
      if (next.timer) clearTimeout(next.timer);
      next.resolve(this.lease(connection, next.site));
    } else if (this.closed) {
      void connection.close();
    } else {
      this.idle.push(connection);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const w of this.waiters.splice(0)) {
      if (w.timer) clearTimeout(w.timer);
      w.reject(new SessionError('the engine was closed while waiting for a connection'));
    }
    await Promise.all(this.idle.splice(0).map((c) => c.close()));
    // Held connections close when released.
  }

  /** Closes held connections too (process shutdown). */
  async destroy(): Promise<void> {
    await this.close();
    await Promise.all([...this.holders.keys()].map((c) => c.close()));
    this.holders.clear();
  }
}
