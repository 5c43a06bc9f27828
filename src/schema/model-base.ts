/**
 * What every model instance is built on. Two things make instances cheap for the ORM to
 * track in bulk:
 *
 * - one private slot, declared here, so every instance is born with it: the ORM keeps its
 *   per-object state there, or a record standing for the states of many objects plus
 *   this object's row in it (invisible to `JSON.stringify`, spreading, `Object.keys` and
 *   test equality), without adding a property to the object later;
 * - every column property exists from construction (`undefined` until given), as class
 *   fields would: instances of a model share one shape with all fields in the object
 *   itself, so assigning a generated key after INSERT, or filling a row in on load, is a
 *   plain store instead of a shape change that moves properties out of line.
 */

/** The base class of the classes `table()` makes. */
export class ModelBase {
  #slot: unknown = undefined;
  /** A position the slot's owner may record along with its value (-1: none). */
  #row = -1;

  /** True when `obj` was built by a model constructor (so it has the slot). */
  static hasSlot(obj: object): boolean {
    return #slot in obj;
  }

  /** The slot's value; `obj` must have the slot (see `hasSlot`). */
  static readSlot(obj: object): unknown {
    return (obj as ModelBase).#slot;
  }

  /** The row recorded with the slot's value (-1 for none); `obj` must have the slot. */
  static readRow(obj: object): number {
    return (obj as ModelBase).#row;
  }

  /** Sets the slot's value (and the row recorded with it); `obj` must have the slot (see `hasSlot`). */
  static writeSlot(obj: object, value: unknown, row = -1): void {
    (obj as ModelBase).#slot = value;
    (obj as ModelBase).#row = row;
  }
}

/**
 * A function setting each of `props` to `undefined` on an object, generated so each
 * property is a constant key (one shape transition chain V8 can follow without lookups).
 * Names go in through `JSON.stringify`: a property called `a"]; x` is just a key.
 */
export function propertyInitializer(props: readonly string[]): (obj: object) => void {
  const body = props
    .filter((p) => p !== '__proto__')
    .map((p) => `  o[${JSON.stringify(p)}] = undefined;`)
    .join('\n');
  return new Function(`return function initColumns(o) {\n${body}\n};`)() as (obj: object) => void;
}
