import { existsSync, readFileSync } from 'node:fs';
import { ConfigError } from '../errors.js';

/**
 * Reads a `.env` file (KEY=value lines, optional quotes, `#` comments) into
 * `process.env` without overriding variables already set.
 */
export function loadDotEnv(path: string): void {
  if (!existsSync(path)) return;
  const text = readFileSync(path, 'utf8');
  text.split(/\r?\n/).forEach((line, i) => {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(trimmed);
    if (!m) throw new ConfigError(`${path}:${i + 1}: expected KEY=value`);
    let value = m[2]!;
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.endsWith(quote) && value.length >= 2) {
      value = value.slice(1, -1);
      if (quote === '"') value = value.replace(/\\n/g, '\n').replace(/\\"/g, '"');
    } else {
      value = value.replace(/\s+#.*$/, '');
    }
    if (process.env[m[1]!] === undefined) process.env[m[1]!] = value;
  });
}

/** Replaces `${VAR}` with the environment's value; a missing variable is a ConfigError naming it. */
export function interpolate(value: string, where: string): string {
  return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_m, name: string) => {
    const v = process.env[name];
    if (v === undefined) throw new ConfigError(`${where} uses \${${name}} but the environment variable ${name} is not set`);
    return v;
  });
}
