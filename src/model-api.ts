/**
 * The part of the public API that model files use: schema-api.ts plus relations. The CLI
 * hands it to model files that import nothing else from `ormkit` (see
 * modules/user-module.ts); `ormkit` (index.ts) re-exports all of it.
 */
export * from './schema-api.js';
export { relations, hasMany, belongsTo } from './orm/relations.js';
