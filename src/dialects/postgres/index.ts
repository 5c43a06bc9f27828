import { DialectError } from '../../errors.js';
import type { Dialect } from '../dialect.js';

/** Placeholder until the postgres dialect lands (issue 5): every use is a clear error. */
export const postgresDialect: Dialect = new Proxy({} as Dialect, {
  get(_target, prop) {
    if (prop === 'name') return 'postgres';
    throw new DialectError('the postgres dialect is not available yet: use a sqlite:/// URL for now');
  },
});
