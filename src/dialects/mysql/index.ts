import { DialectError } from '../../errors.js';
import type { Dialect } from '../dialect.js';

/** Placeholder until the mysql dialect lands (issue 5): every use is a clear error. */
export const mysqlDialect: Dialect = new Proxy({} as Dialect, {
  get(_target, prop) {
    if (prop === 'name') return 'mysql';
    throw new DialectError('the mysql dialect is not available yet: use a sqlite:/// URL for now');
  },
});
