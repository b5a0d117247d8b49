import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tableWritesOf } from '../src/db/database.js';
import { precompiledRead, precompiledWrite } from '../src/db/precompiled.js';
import { DIALECTS } from './support/databases.js';
import { createHarness, type Harness } from './support/harness.js';

// Hot reads compiled once (issue 11): each call must bind its own values where Kysely would have put them.
describe.each(DIALECTS)('precompiled reads (%s)', (dialect) => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness(dialect);
  });
  afterEach(() => h.close());

  it('answers as the query built each time would, for every call’s own values, constants kept', async () => {
    const acme = await h.org('acme');
    const globex = await h.org('globex');
    for (const [org, username] of [
      [acme, 'ada'],
      [acme, 'bob'],
      [globex, 'ada'],
    ] as const)
      await h.user({ org, username, email: `${username}@${org.slug}.example`, displayName: username });
    const built = (orgId: string, username: string) =>
      h.deps.db
        .selectFrom('users')
        .select(['username', 'org_id'])
        .where('org_id', '=', orgId)
        .where('username', '=', username)
        .where('status', '=', 'active')
        .execute();
    const precompiled = precompiledRead((db, values: { orgId: string; username: string }) =>
      db
        .selectFrom('users')
        .select(['username', 'org_id'])
        .where('org_id', '=', values.orgId)
        .where('username', '=', values.username)
        .where('status', '=', 'active'),
    );
    for (const [org, username] of [
      [acme, 'ada'],
      [globex, 'ada'],
      [acme, 'bob'],
      [globex, 'bob'],
    ] as const) {
      const rows = await precompiled(h.deps, { orgId: org.id, username });
      expect(rows).toEqual(await built(org.id, username));
      expect(rows.length).toBe(org === globex && username === 'bob' ? 0 : 1);
    }
    // Inside a transaction too.
    await h.deps.db.transaction().execute(async (trx) => {
      expect(await precompiled({ db: trx, dialect: h.deps.dialect }, { orgId: globex.id, username: 'ada' })).toEqual([
        { username: 'ada', org_id: globex.id },
      ]);
    });
  });

  it('refuses a call missing a value, and anything but a read', async () => {
    const byId = precompiledRead((db, values: { id: string }) =>
      db.selectFrom('users').select('id').where('id', '=', values.id),
    );
    await expect(byId(h.deps, {} as { id: string })).rejects.toThrow(/without one of its values/);
    const write = precompiledRead(
      (db, values: { id: string }) =>
        db.deleteFrom('users').where('id', '=', values.id) as unknown as ReturnType<typeof db.selectFrom<'users'>>,
    );
    await expect(write(h.deps, { id: 'x' })).rejects.toThrow(/only reads/);
  });

  it('writes as the query built each time would (nulls, a conflict), and its plugins see each run', async () => {
    const acme = await h.org('acme');
    const told: string[] = [];
    tableWritesOf(h.deps.db)!.on('audit_events', () => told.push('audit_events'));
    type Event = { id: string; orgId: string; userId: string | null; details: string; at: number };
    const insert = precompiledWrite((db, v: Event) =>
      db
        .insertInto('audit_events')
        .values({
          id: v.id,
          org_id: v.orgId,
          user_id: v.userId,
          type: 'sign_in.failed',
          details: v.details,
          created_at: v.at,
        })
        .onConflict((conflict) => conflict.column('id').doNothing()),
    );
    const event = (id: string): Event => ({ id, orgId: acme.id, userId: null, details: `{"n":"${id}"}`, at: 7 });
    expect(Number((await insert(h.deps, event('e1'))).numAffectedRows)).toBe(1);
    await h.deps.db.transaction().execute(async (trx) => {
      expect(Number((await insert({ db: trx, dialect: h.deps.dialect }, event('e2'))).numAffectedRows)).toBe(1);
    });
    // A conflict that does nothing changes no row, as built each time.
    expect(Number((await insert(h.deps, event('e1'))).numAffectedRows)).toBe(0);
    await h.deps.db
      .insertInto('audit_events')
      .values({
        id: 'e3',
        org_id: acme.id,
        user_id: null,
        type: 'sign_in.failed',
        details: '{"n":"e3"}',
        created_at: 7,
      })
      .execute();
    const rows = await h.deps.db
      .selectFrom('audit_events')
      .select(['id', 'org_id', 'user_id', 'type', 'details', 'created_at'])
      .where('id', 'in', ['e1', 'e2', 'e3'])
      .orderBy('id')
      .execute();
    expect(rows.map(({ id, ...rest }) => [id, rest])).toEqual(
      ['e1', 'e2', 'e3'].map((id) => [
        id,
        { org_id: acme.id, user_id: null, type: 'sign_in.failed', details: `{"n":"${id}"}`, created_at: 7 },
      ]),
    );
    // Before and after each of the four writes, through the process's database or its transaction.
    expect(told).toHaveLength(8);
  });

  it('refuses a write missing a value, and a read', async () => {
    const remove = precompiledWrite((db, v: { id: string }) => db.deleteFrom('users').where('id', '=', v.id));
    await expect(remove(h.deps, {} as { id: string })).rejects.toThrow(/without one of its values/);
    const read = precompiledWrite((db, v: { id: string }) => db.selectFrom('users').where('id', '=', v.id));
    await expect(read(h.deps, { id: 'x' })).rejects.toThrow(/for writes/);
  });
});
