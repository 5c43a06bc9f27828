/** The ORM: sessions, queries, relations. */
export { Session } from './session.js';
export type { SessionOptions, PrimaryKeyInput } from './session.js';
export { sessionmaker, withSession } from './with-session.js';
export type { SessionFactory } from './with-session.js';
export { Query, SelectQuery } from './query.js';
export { relations, hasMany, belongsTo } from './relations.js';
export type { Relation, RelationSpec, RelationKind, HasManyOptions, RelationValue, Loaded, WithRelations } from './relations.js';
export { NoResultError, MultipleResultsError, SessionWarning } from './errors.js';
