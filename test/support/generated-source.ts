/**
 * Generated TypeScript (migration files, pulled models) loaded and type-checked the way
 * users' files are: `ormkit` resolves to this build (dist/), as in load-models.ts.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createJiti } from 'jiti';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DIST = join(ROOT, 'dist', 'index.js');

/** Writes `files` (name → source) into a fresh folder; returns the folder. */
export function writeSources(files: Readonly<Record<string, string>>): string {
  const dir = mkdtempSync(join(tmpdir(), 'ormkit-generated-'));
  for (const [name, source] of Object.entries(files)) writeFileSync(join(dir, name), source);
  return dir;
}

/** Imports a generated module with jiti, `ormkit` aliased to dist/index.js. */
export async function importSource<T = Record<string, unknown>>(source: string, name = 'generated.ts'): Promise<T> {
  const dir = writeSources({ [name]: source });
  const jiti = createJiti(import.meta.url, { alias: { ormkit: DIST }, interopDefault: false, moduleCache: false });
  return (await jiti.import(join(dir, name))) as T;
}

/**
 * Type-checks generated files with the project's TypeScript, strict, against the real
 * `ormkit` declarations. Resolves with the compiler output ('' when clean).
 */
export function typeCheck(files: Readonly<Record<string, string>>): Promise<string> {
  const dir = writeSources({
    ...files,
    'tsconfig.json': JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        noUncheckedIndexedAccess: true,
        noEmit: true,
        skipLibCheck: true,
        types: ['node'],
        typeRoots: [join(ROOT, 'node_modules', '@types')],
        paths: { ormkit: [join(ROOT, 'dist', 'index.d.ts')] },
      },
      include: ['*.ts'],
    }),
  });
  return new Promise((resolve) => {
    execFile(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', dir], { cwd: dir }, (_err, stdout, stderr) => resolve(`${stdout}${stderr}`.trim()));
  });
}
