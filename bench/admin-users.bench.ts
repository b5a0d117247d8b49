/**
 * The admin console at scale: 100,000 users (a third enrolled) and 200,000 audit events in one
 * organisation, through the whole HTTP stack. Run: npm run bench:inject. Prints a table; asserts nothing about time.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { describe, it } from 'vitest';
import { DIALECTS } from '../test/support/databases.js';
import { redeemSetupLink } from '../test/support/enroll.js';
import { createHarness, type Harness } from '../test/support/harness.js';
import { measure } from './measure.js';

const USERS = 100_000;
const EVENTS = 200_000;
const BATCH = 500;

async function seed(h: Harness, orgId: string): Promise<void> {
  const now = h.deps.clock();
  for (let start = 0; start < USERS; start += BATCH) {
    const users = Array.from({ length: BATCH }, (_, k) => {
      const i = start + k;
      const name = `Person ${String(i).padStart(6, '0')}`;
      return {
        id: randomUUID(),
        org_id: orgId,
        username: `user${String(i).padStart(6, '0')}`,
        email: `user${i}@acme.example`,
        display_name: name,
        display_name_key: name.toLowerCase(),
        role: 'member' as const,
        status: 'active' as const,
        webauthn_user_id: randomUUID(),
        password_hash: null,
        passkey_prompt_snoozed_until: null,
        pilot: 0 as const,
        created_at: now,
        updated_at: now,
      };
    });
    await h.deps.db.insertInto('users').values(users).execute();
    const enrolled = users.filter((_, k) => (start + k) % 3 === 0);
    await h.deps.db
      .insertInto('passkeys')
      .values(
        enrolled.map((u) => ({
          id: randomUUID(),
          org_id: orgId,
          user_id: u.id,
          credential_id: randomUUID(),
          public_key: 'x',
          counter: 0,
          transports: '[]',
          aaguid: '00000000-0000-0000-0000-000000000000',
          name: 'Passkey',
          backup_eligible: 1 as const,
          backed_up: 1 as const,
          created_at: now - (start % 90) * 86_400_000,
          created_user_agent: null,
          last_used_at: null,
          last_used_user_agent: null,
        })),
      )
      .execute();
    if (start < EVENTS / 2) {
      const types = ['sign_in.succeeded', 'sign_in.failed', 'passkey.added'] as const;
      await h.deps.db
        .insertInto('audit_events')
        .values(
          users.flatMap((u, k) =>
            [0, 1].map((j) => ({
              id: randomUUID(),
              org_id: orgId,
              user_id: u.id,
              actor_id: u.id,
              type: types[(k + j) % 3]!,
              ip: '127.0.0.1',
              user_agent: null,
              details: '{"method":"passkey"}',
              created_at: now - (start + k) * 1000 - j,
            })),
          ),
        )
        .execute();
    }
  }
}

describe('admin console benchmarks', () => {
  it.each(DIALECTS)('%s', async (dialect) => {
    const h = await createHarness(dialect, { API_REQUESTS_PER_MINUTE: '1000000' });
    try {
      const org = await h.org();
      const started = performance.now();
      await seed(h, org.id);
      // As a live database would be: PostgreSQL's autovacuum keeps statistics and visibility maps;
      // SQLite gets its statistics from PRAGMA optimize (run by Latchkey when it opens the database).
      await sql.raw(dialect === 'postgres' ? 'vacuum analyze' : 'pragma optimize=0x10002').execute(h.deps.db);
      const seeded = ((performance.now() - started) / 1000).toFixed(1);
      const { browser: admin } = await redeemSetupLink(h, org, await h.user({ org, username: 'admin', role: 'admin' }));
      const ok = async (url: string) => {
        const result = await admin.get(url);
        if (result.status !== 200) throw new Error(`${url}: ${JSON.stringify(result.body)}`);
      };
      const rows = [
        await measure('Users: first page of 50 with counts', 2, () => ok('/api/o/acme/admin/users')),
        await measure('Users: page 1,000 (keyset cursor)', 2, () => ok('/api/o/acme/admin/users?after=user050000')),
        await measure('Users: Pending only, first page', 2, () => ok('/api/o/acme/admin/users?status=pending')),
        await measure('Users: Enrolled only, first page', 2, () => ok('/api/o/acme/admin/users?status=enrolled')),
        await measure('Users: search "user0421" (username)', 2, () => ok('/api/o/acme/admin/users?q=user0421')),
        await measure('Users: search "person 09" (display name)', 2, () => ok('/api/o/acme/admin/users?q=person%2009')),
        await measure('Users: search "user777@" (email)', 2, () => ok('/api/o/acme/admin/users?q=user777%40')),
        await measure('Activity: first page of 50', 2, () => ok('/api/o/acme/admin/activity')),
        await measure('Activity: one type, first page', 2, () => ok('/api/o/acme/admin/activity?type=sign_in.failed')),
        await measure('Adoption (counts and daily series)', 2, () => ok('/api/o/acme/admin/adoption')),
      ];
      console.log(
        `\nAdmin console on ${dialect}: ${USERS} users, ${EVENTS} events ` +
          `(seeded in ${seeded} s; ${new Date().toISOString()}, node ${process.version})`,
      );
      console.table(rows);
    } finally {
      await h.close();
    }
  });
});
