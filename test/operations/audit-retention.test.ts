/**
 * AUDIT_RETENTION_DAYS: older audit events are deleted in batches, every organisation's, and nothing
 * newer; the worker runs it and stops between batches; an export running meanwhile still streams.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { pruneAuditEvents } from '../../src/audit/prune-audit.js';
import { startAuditRetention } from '../../src/audit/retention-worker.js';
import { newId } from '../../src/shared/crypto.js';
import type { Organisation } from '../../src/orgs/organisations.js';
import { DIALECTS } from '../support/databases.js';
import { redeemSetupLink } from '../support/enroll.js';
import { createHarness, type Harness } from '../support/harness.js';

const DAY = 24 * 60 * 60 * 1000;
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** `count` events in `org`, `ageDays` old (spread over a minute), inserted in chunks. */
async function seed(h: Harness, org: Organisation, count: number, ageDays: number, type = 'sign_in.failed') {
  const at = h.deps.clock() - ageDays * DAY;
  for (let start = 0; start < count; start += 500) {
    const rows = Array.from({ length: Math.min(500, count - start) }, (_, i) => ({
      id: newId(),
      org_id: org.id,
      user_id: null,
      actor_id: null,
      type,
      ip: '192.0.2.1',
      user_agent: null,
      details: JSON.stringify({ method: 'password', n: start + i }),
      created_at: at - ((start + i) % 60) * 1000,
    }));
    await h.deps.db.insertInto('audit_events').values(rows).execute();
  }
}

async function countEvents(h: Harness, org: Organisation, olderThanDays?: number) {
  let query = h.deps.db
    .selectFrom('audit_events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('org_id', '=', org.id);
  if (olderThanDays !== undefined) query = query.where('created_at', '<', h.deps.clock() - olderThanDays * DAY);
  return Number((await query.executeTakeFirstOrThrow()).n);
}

describe.each(DIALECTS)('audit retention on %s', (dialect) => {
  it('deletes events past the retention, 1,000 rows per statement, in every organisation; keeps the rest', async () => {
    h = await createHarness(dialect, { AUDIT_RETENTION_DAYS: '90' });
    const acme = await h.org('acme');
    const other = await h.org('other', 'Other');
    await seed(h, acme, 2_500, 91);
    await seed(h, other, 30, 400);
    await seed(h, acme, 40, 89, 'sign_in.succeeded');
    await seed(h, other, 5, 1, 'sign_in.succeeded');
    const keptBefore = [await countEvents(h, acme), await countEvents(h, other)];

    // Stopped after its first statement: one batch went, from the organisation whose id comes first.
    let checks = 0;
    const firstBatch = acme.id < other.id ? 1_000 : 30;
    expect(await pruneAuditEvents(h.deps, { retentionDays: 90, shouldStop: () => checks++ > 0 })).toBe(firstBatch);

    expect(await pruneAuditEvents(h.deps, { retentionDays: 90 })).toBe(2_500 + 30 - firstBatch);
    expect(await countEvents(h, acme, 90)).toBe(0);
    expect(await countEvents(h, other, 90)).toBe(0);
    expect([await countEvents(h, acme), await countEvents(h, other)]).toEqual([
      keptBefore[0]! - 2_500,
      keptBefore[1]! - 30,
    ]);
    expect(await countEvents(h, acme, 88)).toBe(40);
    expect(await pruneAuditEvents(h.deps, { retentionDays: 90 })).toBe(0);
  });

  it('runs in the worker when AUDIT_RETENTION_DAYS is set, and never without it', async () => {
    h = await createHarness(dialect);
    const acme = await h.org('acme');
    await seed(h, acme, 20, 3_000);
    const lines: string[] = [];
    const off = startAuditRetention(h.deps, { log: (line) => lines.push(line), intervalMs: 20 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await off.stop();
    expect(await countEvents(h, acme, 3_000 - 1)).toBe(20);

    const on = startAuditRetention(
      { ...h.deps, config: { ...h.deps.config, auditRetentionDays: 365 } },
      { log: (line) => lines.push(line), intervalMs: 20 },
    );
    const deadline = Date.now() + 10_000;
    while ((await countEvents(h, acme, 365)) > 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    await on.stop();
    expect(await countEvents(h, acme, 365)).toBe(0);
    expect(lines).toContain('audit retention: deleted 20 audit events older than 365 days');
  });

  it('an export streams every kept event while old ones are pruned', async () => {
    h = await createHarness(dialect, { AUDIT_RETENTION_DAYS: '30', API_REQUESTS_PER_MINUTE: '100000' });
    const acme = await h.org('acme');
    const ada = await h.user({ org: acme, username: 'ada', role: 'admin' });
    const { browser: admin } = await redeemSetupLink(h, acme, ada);
    await seed(h, acme, 3_000, 31);
    await seed(h, acme, 1_200, 2, 'sign_in.succeeded');
    const succeeded = Number(
      (
        await h.deps.db
          .selectFrom('audit_events')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('type', '=', 'sign_in.succeeded')
          .executeTakeFirstOrThrow()
      ).n,
    );

    const [exported, pruned] = await Promise.all([
      admin.send('GET', '/api/o/acme/admin/activity/export?format=jsonl&type=sign_in.succeeded'),
      pruneAuditEvents(h.deps, { retentionDays: 30 }),
    ]);
    expect(pruned).toBe(3_000);
    expect(exported.statusCode).toBe(200);
    // Every recent sign-in is exported whole (a line each, parseable), whatever was deleted meanwhile.
    const lines = exported.body.trim().split('\n');
    expect(lines.length).toBe(succeeded);
    expect(lines.every((line) => JSON.parse(line).type === 'sign_in.succeeded')).toBe(true);
    // After pruning, the whole log (with both exports' own events) is what is left: a header and a row each.
    const all = await admin.send('GET', '/api/o/acme/admin/activity/export?format=csv');
    expect(all.body.trim().split('\r\n').length).toBe(1 + (await countEvents(h, acme)));
    expect(await countEvents(h, acme, 30)).toBe(0);
  });
});
