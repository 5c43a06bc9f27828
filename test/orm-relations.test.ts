import { expect, expectTypeOf, it } from 'vitest';
import type { InferRow, WithRelations } from '../src/index.js';
import { UsageError, ValidationError, belongsTo, hasMany, integer, relations, table, varchar, withSession } from '../src/index.js';
import { describeDialects } from './support/databases.js';
import { BLOG, Comment, Post, User, postRelations, userRelations, useOrm } from './support/orm.js';

type UserRow = InferRow<typeof User>;
type PostRow = InferRow<typeof Post>;

// A nullable foreign key, no cascade: children removed from a collection keep their row.
const Team = table('teams', { id: integer().primaryKey(), name: varchar(50).notNull() });
const Player = table('players', {
  id: integer().primaryKey(),
  teamId: integer().references(() => Team.c.id).named('team_id'),
  name: varchar(50).notNull(),
});
const teamRelations = relations(Team, { players: hasMany(() => Player, Player.c.teamId) });

// Self-reference: a tree. (A model cannot name itself in its own initializer under strict
// TypeScript, so the key references the table by name.)
const Employee = table('employees', {
  id: integer().primaryKey(),
  managerId: integer().references('employees.id').named('manager_id'),
  name: varchar(50).notNull(),
});
const employeeRelations = relations(Employee, {
  manager: belongsTo(() => Employee, Employee.c.managerId),
  reports: hasMany(() => Employee, Employee.c.managerId),
});

// The database cascades (ON DELETE CASCADE), the ORM relation does not.
const Folder = table('folders', { id: integer().primaryKey(), name: varchar(50).notNull() });
const File = table('files', {
  id: integer().primaryKey(),
  folderId: integer().notNull().references(() => Folder.c.id, { onDelete: 'cascade' }).named('folder_id'),
  name: varchar(50).notNull(),
});

describeDialects('relationships', (dialect) => {
  const orm = useOrm(dialect, [...BLOG, Team, Player, Employee, Folder, File]);

  /** Users u0…u(n-1), each with `posts` posts, each post with one comment. */
  async function seed(n: number, posts: number): Promise<void> {
    await withSession(orm.engine(), async (s) => {
      for (let i = 0; i < n; i++) {
        const u: WithRelations<typeof User, typeof userRelations> = new User({ name: `u${i}`, email: `u${i}@example.com` });
        u.posts = Array.from({ length: posts }, (_, j) => {
          const p: WithRelations<typeof Post, typeof postRelations> = Object.assign(new Post(), { title: `p${i}.${j}` });
          p.comments = [Object.assign(new Comment(), { text: `c${i}.${j}` })];
          return p;
        });
        s.add(u);
      }
    });
  }

  it('loads lazily through an explicit await, and refuses to read what is not loaded', async () => {
    await seed(1, 2);
    await withSession(orm.engine(), async (s) => {
      const u = (await s.query(User).one()) as WithRelations<typeof User, typeof userRelations>;
      expect(() => u.posts).toThrow(UsageError);
      expect(() => u.posts).toThrow(/Users\.posts is not loaded; use `await session\.load\(obj, 'posts'\)`/);
      const posts = await s.load(u, userRelations.posts);
      expectTypeOf(posts).toEqualTypeOf<PostRow[]>();
      expect(posts.map((p) => p.title)).toEqual(['p0.0', 'p0.1']);
      expect(u.posts).toEqual(posts);
      // belongsTo: the user is already in the session, so no query.
      orm.statements.length = 0;
      const author = await s.load(posts[0]!, postRelations.author);
      expectTypeOf(author).toEqualTypeOf<UserRow | null>();
      expect(author).toBe(u);
      expect(orm.count('SELECT')).toBe(0);
      expect(await s.load(posts[1]!, 'author')).toBe(u);
    });
  });

  it('loads a relation of many objects in one query', async () => {
    await seed(5, 2);
    await withSession(orm.engine(), async (s) => {
      const users = await s.query(User).all();
      orm.statements.length = 0;
      const lists = await s.load(users, userRelations.posts);
      expect(orm.count('SELECT')).toBe(1);
      expect(lists.map((l) => l.length)).toEqual([2, 2, 2, 2, 2]);
    });
  });

  it('include() loads eagerly with one query per relation, whatever the number of rows (no N+1)', async () => {
    await seed(30, 3);
    await withSession(orm.engine(), async (s) => {
      orm.statements.length = 0;
      const users = await s.query(User).include(userRelations.posts).orderBy(User.c.name).all();
      expect(orm.count('SELECT')).toBe(2);
      expectTypeOf(users[0]!.posts).toEqualTypeOf<PostRow[]>();
      expect(users).toHaveLength(30);
      for (const u of users) expect(u.posts.map((p) => p.title)).toEqual([0, 1, 2].map((j) => `p${u.name.slice(1)}.${j}`));
      for (const u of users) for (const p of u.posts) expect(p.userId).toBe(u.id);

      orm.statements.length = 0;
      const posts = await s.query(Post).include('author').include(postRelations.comments).all();
      // Authors are all in the session already: only the comments need a query.
      expect(orm.count('SELECT')).toBe(2);
      expect(posts).toHaveLength(90);
      for (const p of posts) {
        expect((p.author as UserRow).id).toBe(p.userId);
        expect(p.comments).toHaveLength(1);
      }
    });
    await withSession(orm.engine(), async (s) => {
      orm.statements.length = 0;
      const posts = await s.query(Post).include(postRelations.author).limit(10).all();
      expect(orm.count('SELECT')).toBe(2);
      expect(posts.every((p) => p.author !== null && p.author.id === p.userId)).toBe(true);
      const none = await s.query(User).where(User.c.name.eq('nobody')).include('posts').all();
      expect(none).toEqual([]);
    });
  });

  it('include() of an unknown relation names the declared ones', async () => {
    await withSession(orm.engine(), async (s) => {
      expect(() => s.query(User).include('post' as never)).toThrow(/Users has no relation "post"; declared: posts/);
    });
  });

  it('deleting a parent deletes its children where the relation cascades (loading them in one query)', async () => {
    await seed(2, 3);
    await withSession(orm.engine(), async (s) => {
      const u0 = (await s.query(User).where(User.c.name.eq('u0')).one())!;
      orm.statements.length = 0;
      s.delete(u0);
      await s.flush();
      // posts of u0 (one query), their comments (one query), then the deletes.
      expect(orm.count('SELECT')).toBe(2);
      expect(orm.count('DELETE')).toBe(3);
      expect(await s.query(Post).count()).toBe(3);
      expect(await s.query(Comment).count()).toBe(3);
    });
  });

  it('delete-orphan removes children taken out of a collection; new children get the key', async () => {
    await seed(1, 1);
    await withSession(orm.engine(), async (s) => {
      const [post] = await s.query(Post).include(postRelations.comments).all();
      const c0 = post!.comments[0]!;
      post!.comments.splice(0, 1);
      post!.comments.push(Object.assign(new Comment(), { text: 'replacement' }));
      await s.flush();
      expect(await s.get(Comment, c0.id)).toBeNull();
      const left = await s.query(Comment).all();
      expect(left.map((c) => [c.text, c.postId])).toEqual([['replacement', post!.id]]);
    });
  });

  it('a child removed from a collection without cascade loses its key, not its row; moving sets the new key', async () => {
    await withSession(orm.engine(), async (s) => {
      const red: WithRelations<typeof Team, typeof teamRelations> = new Team({ name: 'red' });
      const blue: WithRelations<typeof Team, typeof teamRelations> = new Team({ name: 'blue' });
      red.players = [new Player({ name: 'ann' }), new Player({ name: 'ben' })];
      blue.players = [];
      s.addAll([red, blue]);
    });
    await withSession(orm.engine(), async (s) => {
      const [red, blue] = await s.query(Team).include(teamRelations.players).orderBy(Team.c.name.desc()).all();
      const ann = red!.players.find((p) => p.name === 'ann')!;
      const ben = red!.players.find((p) => p.name === 'ben')!;
      red!.players = red!.players.filter((p) => p !== ann && p !== ben);
      blue!.players.push(ben);
      await s.flush();
      expect((await s.get(Player, ann.id))!.teamId).toBeNull();
      expect(ben.teamId).toBe(blue!.id);
      expect(await s.query(Player).count()).toBe(2);
    });
  });

  it('removing a child whose key is NOT NULL is a validation error naming the field', async () => {
    await seed(1, 1);
    await withSession(orm.engine(), async (s) => {
      const [u] = await s.query(User).include(userRelations.posts).all();
      u!.posts.pop();
      await expect(s.flush()).rejects.toThrow(ValidationError);
      await expect(s.flush()).rejects.toThrow(/Posts\.userId: is NOT NULL but got null/);
      await s.rollback();
    });
  });

  it('new objects that refer to each other in one table are inserted parents first', async () => {
    await withSession(orm.engine(), async (s) => {
      type E = WithRelations<typeof Employee, typeof employeeRelations>;
      const boss: E = new Employee({ name: 'boss' });
      const mid: E = new Employee({ name: 'mid' });
      const dev: E = new Employee({ name: 'dev' });
      dev.manager = mid;
      mid.manager = boss;
      s.add(dev);
      await s.flush();
      expect(mid.managerId).toBe(boss.id);
      expect(dev.managerId).toBe(mid.id);
      expect(boss.managerId).toBeUndefined();
    });
    await withSession(orm.engine(), async (s) => {
      const boss = (await s.query(Employee).where(Employee.c.name.eq('boss')).include(employeeRelations.reports).one())!;
      expect(boss.reports.map((e) => e.name)).toEqual(['mid']);
    });
  });

  it('rows of one table given keys that refer to each other are inserted referenced rows first, and deleted last', async () => {
    // No relation objects: the order comes from the key values (InnoDB checks each row as it goes).
    await withSession(orm.engine(), async (s) => {
      s.addAll([
        new Employee({ id: 3, managerId: 2, name: 'dev' }),
        new Employee({ id: 2, managerId: 1, name: 'mid' }),
        new Employee({ id: 1, name: 'boss' }),
        new Employee({ id: 4, managerId: 1, name: 'ops' }),
      ]);
    });
    const inserts = orm.statements.filter((q) => q.startsWith('INSERT'));
    expect(inserts).toHaveLength(3);
    await withSession(orm.engine(), async (s) => {
      const all = await s.query(Employee).orderBy(Employee.c.id).all();
      expect(all.map((e) => [e.id, e.managerId])).toEqual([[1, null], [2, 1], [3, 2], [4, 1]]);
      for (const e of all) s.delete(e);
      orm.statements.length = 0;
      await s.flush();
      expect(orm.statements.filter((q) => q.startsWith('DELETE'))).toHaveLength(3);
      expect(await s.query(Employee).count()).toBe(0);
    });
  });

  it('rows the database deletes by ON DELETE CASCADE leave the session too', async () => {
    await withSession(orm.engine(), async (s) => {
      const f = new Folder({ name: 'docs' });
      s.add(f);
      await s.flush();
      s.addAll([new File({ folderId: f.id, name: 'a.txt' }), new File({ folderId: f.id, name: 'b.txt' })]);
    });
    await withSession(orm.engine(), async (s) => {
      const files = await s.query(File).all();
      const folder = (await s.query(Folder).one())!;
      s.delete(folder);
      await s.flush();
      expect(s.deletedObjects).toEqual(expect.arrayContaining([folder, ...files]));
      expect(await s.get(File, files[0]!.id)).toBeNull();
      expect(await s.query(File).count()).toBe(0);
    });
  });
});
