import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { precompiledRead } from '../src/db/precompiled.js';
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
});
