/**
 * Model folders load the way the program that imports them would: files importing each
 * other share one module each (a barrel's re-export is the same model), and a second load
 * in the same process reads edited files again instead of a kept module.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { loadModels } from '../src/schema/load-models.js';
import { tempDir } from './support/cli.js';

const user = (extra: string) => `import { integer, table, varchar } from 'ormkit';
export const User = table('users', { id: integer().primaryKey(), name: varchar(50)${extra} });`;

it('a barrel and the files it re-exports give each model once, and a reload sees edits', async () => {
  const dir = join(tempDir(), 'models');
  mkdirSync(dir);
  writeFileSync(join(dir, 'index.ts'), "export * from './user';\nexport * from './post';\n");
  writeFileSync(join(dir, 'user.ts'), user(''));
  writeFileSync(
    join(dir, 'post.ts'),
    "import { integer, table } from 'ormkit';\nimport { User } from './index';\nexport const Post = table('posts', { id: integer().primaryKey(), userId: integer().references(() => User.c.id) });\n",
  );
  const first = await loadModels(dir);
  expect(first.models.map((m) => m.tableName).sort()).toEqual(['posts', 'users']);
  expect(first.schema.tables.find((t) => t.name === 'users')!.columns.map((c) => c.name)).toEqual(['id', 'name']);

  writeFileSync(join(dir, 'user.ts'), user(', email: varchar(100)'));
  const second = await loadModels(dir);
  expect(second.schema.tables.find((t) => t.name === 'users')!.columns.map((c) => c.name)).toEqual(['id', 'name', 'email']);
  // A fresh module each load: the models are not the first load's objects.
  expect(second.models).not.toContain(first.models[0]);
});
