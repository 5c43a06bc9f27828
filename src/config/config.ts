import { dirname, join, resolve } from 'node:path';
import { ignorePatternProblem } from '../diff/ignore.js';
import { ConfigError, closest } from '../errors.js';
import { interpolate, loadDotEnv } from './env.js';
import { loadJsonConfig, searchJsonConfig } from './find-json-config.js';

/** The resolved configuration: every key has a value, paths are absolute. */
export interface OrmConfig {
  /** Database URL; null when none is configured (commands that need one say how to set it). */
  readonly url: string | null;
  /** Where `url` came from, for messages. */
  readonly urlSource: 'flag' | 'DATABASE_URL' | 'config' | null;
  /** Absolute path or glob of the model modules. */
  readonly models: string;
  readonly migrations: string;
  readonly seeds: string;
  readonly versionTable: string;
  /** Patterns of tables (`legacy_*`) and table objects (`users.users_name_trgm_idx`) no command compares or drops; see diff/ignore.ts. */
  readonly ignore: readonly string[];
  readonly echo: boolean;
  /** Directory relative paths are resolved against: the config file's, or the cwd. */
  readonly baseDir: string;
  /** The config file, or null when none was found. */
  readonly filepath: string | null;
}

/** Keys of a config file, with the type each must have. */
export const CONFIG_KEYS = {
  url: 'string',
  models: 'string',
  migrations: 'string',
  seeds: 'string',
  versionTable: 'string',
  ignore: 'array',
  echo: 'boolean',
} as const;

export const CONFIG_DEFAULTS = {
  models: 'models',
  migrations: 'migrations',
  seeds: 'seeds',
  versionTable: 'orm_migrations',
  ignore: [] as readonly string[],
  echo: false,
} as const;

export interface LoadConfigOptions {
  /** `--config <path>` */
  readonly configPath?: string;
  /** `--url` */
  readonly url?: string;
  readonly cwd?: string;
}

const SEARCH_PLACES = [
  'package.json',
  'ormconfig.json',
  '.ormrc',
  '.ormrc.json',
  '.ormrc.yaml',
  '.ormrc.yml',
  'ormconfig.js',
  'ormconfig.mjs',
  'ormconfig.cjs',
  'ormconfig.ts',
];

/**
 * Finds and validates the configuration (cosmiconfig, name `orm`; plain JSON files are
 * read without it, see find-json-config.ts), reads `.env` beside it, interpolates
 * `${VAR}`, and applies `DATABASE_URL` and `--url` overrides.
 */
export async function loadConfig(options: LoadConfigOptions = {}): Promise<OrmConfig> {
  const cwd = options.cwd ?? process.cwd();
  const found = await findConfigFile(options.configPath, cwd);
  const filepath = found?.filepath ?? null;
  const baseDir = filepath ? dirname(filepath) : cwd;
  loadDotEnv(join(baseDir, '.env'));
  const raw = validate(found?.config ?? {}, filepath ?? 'configuration');
  const where = (key: string) => `${filepath ?? 'configuration'}: '${key}'`;
  const str = (key: keyof typeof CONFIG_KEYS, fallback: string): string => {
    const v = raw[key];
    return typeof v === 'string' ? interpolate(v, where(key)) : fallback;
  };

  let url: string | null = null;
  let urlSource: OrmConfig['urlSource'] = null;
  if (options.url) {
    url = options.url;
    urlSource = 'flag';
  } else if (process.env.DATABASE_URL) {
    url = process.env.DATABASE_URL;
    urlSource = 'DATABASE_URL';
  } else if (typeof raw.url === 'string') {
    url = interpolate(raw.url, where('url'));
    urlSource = 'config';
  }
  const versionTable = str('versionTable', CONFIG_DEFAULTS.versionTable);
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(versionTable)) {
    throw new ConfigError(`${where('versionTable')} must be a plain identifier (letters, digits, _), got '${versionTable}'`);
  }
  const ignore = Array.isArray(raw.ignore) ? raw.ignore.map((p, i) => ignorePattern(p, i, where('ignore'))) : CONFIG_DEFAULTS.ignore;
  return Object.freeze({
    url,
    urlSource,
    models: resolve(baseDir, str('models', CONFIG_DEFAULTS.models)),
    migrations: resolve(baseDir, str('migrations', CONFIG_DEFAULTS.migrations)),
    seeds: resolve(baseDir, str('seeds', CONFIG_DEFAULTS.seeds)),
    versionTable,
    ignore: Object.freeze([...ignore]),
    echo: typeof raw.echo === 'boolean' ? raw.echo : CONFIG_DEFAULTS.echo,
    baseDir,
    filepath,
  });
}

/** The URL, or a ConfigError saying the three ways to set one. */
export function requireUrl(config: OrmConfig): string {
  if (config.url) return config.url;
  const file = config.filepath ? `add "url" to ${config.filepath}` : 'create ormconfig.json with a "url" (or run `orm init`)';
  throw new ConfigError(`no database URL: ${file}, set the DATABASE_URL environment variable, or pass --url`);
}

async function findConfigFile(configPath: string | undefined, cwd: string): Promise<{ filepath: string; config: unknown } | null> {
  const json = configPath ? loadJsonConfig(resolve(cwd, configPath)) : searchJsonConfig(cwd, 'orm', SEARCH_PLACES);
  if (json !== undefined) return json && { filepath: json.filepath, config: json.config ?? {} };
  const { cosmiconfig } = await import('cosmiconfig');
  const explorer = cosmiconfig('orm', {
    searchPlaces: SEARCH_PLACES,
    searchStrategy: 'project',
    loaders: { '.ts': loadTsConfig },
  });
  try {
    if (configPath) {
      const result = await explorer.load(resolve(cwd, configPath));
      return result ? { filepath: result.filepath, config: result.config } : null;
    }
    const result = await explorer.search(cwd);
    return result && !result.isEmpty ? { filepath: result.filepath, config: result.config } : result ? { filepath: result.filepath, config: {} } : null;
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    const e = err as NodeJS.ErrnoException & { filepath?: string; mark?: { line: number } };
    if (e.code === 'ENOENT') throw new ConfigError(`config file not found: ${resolve(cwd, configPath ?? '')}`);
    const file = e.filepath ?? configPath ?? 'config file';
    // cosmiconfig puts the parser's detail on the following lines.
    const message = (e.message ?? String(err)).replace(/^JSON Error in [^:]*:\s*/, '').replace(/\s*\n\s*/g, ' ').slice(0, 300);
    throw new ConfigError(`${file}: cannot be parsed: ${message}`);
  }
}

async function loadTsConfig(filepath: string): Promise<unknown> {
  const { createJiti } = await import('../modules/jiti.js');
  const jiti = createJiti(import.meta.url, { interopDefault: true });
  return jiti.import(filepath, { default: true });
}

/** One `ignore` entry, interpolated and checked (see diff/ignore.ts for the syntax). */
function ignorePattern(value: unknown, index: number, where: string): string {
  if (typeof value !== 'string') throw new ConfigError(`${where} entry ${index + 1} must be a string, got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`, { key: 'ignore' });
  const pattern = interpolate(value, where);
  const problem = ignorePatternProblem(pattern);
  if (problem) throw new ConfigError(`${where} pattern ${JSON.stringify(pattern)} ${problem}`, { key: 'ignore', pattern });
  return pattern;
}

function validate(config: unknown, file: string): Record<string, unknown> {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new ConfigError(`${file}: the configuration must be an object of keys (${Object.keys(CONFIG_KEYS).join(', ')})`);
  }
  const keys = Object.keys(CONFIG_KEYS);
  for (const [key, value] of Object.entries(config)) {
    if (key === '$schema') continue;
    const expected = CONFIG_KEYS[key as keyof typeof CONFIG_KEYS];
    if (!expected) {
      const hint = closest(key, keys);
      throw new ConfigError(`${file}: unknown key '${key}'${hint ? ` (did you mean '${hint}'?)` : ''}; valid keys: ${keys.join(', ')}`, { key });
    }
    const got = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
    if (expected === 'array' ? !Array.isArray(value) : typeof value !== expected) {
      const what = expected === 'array' ? 'an array of strings, e.g. ["spatial_ref_sys", "legacy_*", "users.users_name_trgm_idx"]' : `a ${expected}`;
      throw new ConfigError(`${file}: '${key}' must be ${what}, got ${got}`, { key });
    }
  }
  return config as Record<string, unknown>;
}
