/**
 * Templates of generated files, read from the package's `templates/` folder (shipped in
 * the npm package) and filled with `{{name}}` placeholders.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MigrationError } from '../errors.js';

const cache = new Map<string, string>();

/** The text of `templates/<name>`; read once per process. */
export function loadTemplate(name: string): string {
  let text = cache.get(name);
  if (text === undefined) {
    // Two levels up from src/render/ or dist/render/ is the package root.
    const path = fileURLToPath(new URL(`../../templates/${name}`, import.meta.url));
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      throw new MigrationError(`cannot read the template ${path}: ${(err as Error).message}`, {}, { cause: err });
    }
    cache.set(name, text);
  }
  return text;
}

/** Replaces every `{{name}}`; a placeholder without a value, or a value without a placeholder, is an error. */
export function fillTemplate(template: string, values: Readonly<Record<string, string>>): string {
  const used = new Set<string>();
  const out = template.replace(/\{\{(\w+)\}\}/g, (_m, key: string) => {
    const value = values[key];
    if (value === undefined) throw new MigrationError(`template placeholder {{${key}}} has no value`);
    used.add(key);
    return value;
  });
  const unused = Object.keys(values).filter((k) => !used.has(k));
  if (unused.length) throw new MigrationError(`the template has no placeholder for ${unused.map((k) => `{{${k}}}`).join(', ')}`);
  return out;
}
