/** Data loading: the library behind `orm seed`. */
export { seed } from './seed.js';
export type { SeedOptions, SeedProgress, SeedResult, SeedTableSummary } from './seed.js';
export type { SeedContext, SeedMode } from './context.js';
export { CsvParser } from './csv-parser.js';
export type { CsvRecord } from './csv-parser.js';
