/**
 * What every model instance is built on. Two things make instances cheap for the ORM to
 * track in bulk:
 *
 * - one private slot, declared here, so every instance is born with it: the ORM keeps its
 *   per-object state there (invisible to `JSON.stringify`, spreading, `Object.keys` and
 *   test equality) without adding a property to the object later;
 * - every column property exists from construction (`undefined` until given), as class
 *   fields would: instances of a model share one shape with all fields in the object
 *   itself, so assigning a generated key after INSERT, or filling a row in on load, is a
 *   plain store instead of a shape change that moves properties out of line.
 */

/** The base class of the classes `table()` makes. */
export class ModelBase {
  #slot: unknown = undefined;

  /** True when `obj` was built by a model constructor (so it has the slot). */
  static hasSlot(obj: object): boolean {
    return #slot in obj;
  }

  /** The slot's value; `obj` must have the slot (see `hasSlot`). */
  static readSlot(obj: object): unknown {
    return (obj as ModelBase).#slot;
  }

  /** Sets the slot's value; `obj` must have the slot (see `hasSlot`). */
  static writeSlot(obj: object, value: unknown): void {
    (obj as ModelBase).#slot = value;
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
