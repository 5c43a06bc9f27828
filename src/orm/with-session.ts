/**
 * Opening sessions: `engine.session()`, a reusable `sessionmaker(engine)` factory, and
 * `withSession(engine, fn)` — the tutorial's "always commit or roll back, always close"
 * advice built in.
 */
import type { Engine } from '../engine/engine.js';
import { engineExtensionPrototype } from '../engine/engine.js';
import { UsageError } from '../errors.js';
import type { SessionOptions } from './session.js';
import { Session } from './session.js';

/** Makes sessions bound to one engine with shared options: `const SessionLocal = sessionmaker(engine)`. */
export interface SessionFactory {
  (overrides?: SessionOptions): Session;
  readonly engine: Engine;
  readonly options: SessionOptions;
}

/** A session factory bound to an engine and default options. */
export function sessionmaker(engine: Engine, options: SessionOptions = {}): SessionFactory {
  if (!engine || typeof engine.connect !== 'function') throw new UsageError('sessionmaker() expects an engine from createEngine()');
  const factory = (overrides: SessionOptions = {}) => new Session(engine, { ...options, ...overrides });
  return Object.assign(factory, { engine, options: Object.freeze({ ...options }) });
}

/**
 * Runs `fn` with a new session, commits when it returns, rolls back when it throws, and
 * always closes the session. Returns what `fn` returned.
 */
export async function withSession<T>(source: Engine | SessionFactory, fn: (session: Session) => Promise<T>, options: SessionOptions = {}): Promise<T> {
  const session = typeof source === 'function' ? source(options) : new Session(source, options);
  try {
    const result = await fn(session);
    await session.commit();
    return result;
  } catch (err) {
    if (!session.closed) await session.rollback().catch(() => undefined);
    throw err;
  } finally {
    await session.close();
  }
}

declare module '../engine/engine.js' {
  interface EngineExtensions {
    /** Opens a session on this engine (`sessionmaker(engine)()` in one call). */
    session(options?: SessionOptions): Session;
  }
}

Object.defineProperty(engineExtensionPrototype, 'session', {
  configurable: true,
  writable: true,
  value: function session(this: Engine, options?: SessionOptions): Session {
    return new Session(this, options);
  },
});
