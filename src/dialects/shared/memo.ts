/**
 * `fn`, remembering its result per input text. For the pure text functions normalizers
 * call once per column or constraint: a schema repeats the same few expressions
 * (`CURRENT_TIMESTAMP`, one check on every table), so each is worked out once. Results
 * must be immutable (strings, primitives). At most `limit` texts are kept; then the
 * memory starts over.
 */
export function memoizeText<R>(fn: (text: string) => R, limit = 4096): (text: string) => R {
  const cache = new Map<string, R>();
  return (text) => {
    if (cache.has(text)) return cache.get(text) as R;
    const result = fn(text);
    if (cache.size >= limit) cache.clear();
    cache.set(text, result);
    return result;
  };
}
