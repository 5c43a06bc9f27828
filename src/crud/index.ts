/** Ad-hoc CRUD on the live database: the library behind `orm insert/select/update/delete/count`. */
export { insertRows } from './insert-rows.js';
export type { InsertOptions, InsertResult } from './insert-rows.js';
export { selectRows, countRows } from './select-rows.js';
export type { SelectOptions, SelectResult, CountResult } from './select-rows.js';
export { updateRows, deleteRows } from './modify-rows.js';
export type { UpdateOptions, UpdateResult, DeleteOptions, DeleteResult } from './modify-rows.js';
export { parseAssignments, rowsFromJson, rowFromObject } from './assignments.js';
export type { RawRow, RawValue } from './assignments.js';
export { parseWhere } from './where-parser.js';
export type { ParsedWhere } from './where-parser.js';
export { printWhere } from './where-print.js';
export { bindWhere, compileWhereFor } from './bind-where.js';
export { coerceValue } from './coerce.js';
export type { ValueOrigin } from './coerce.js';
