import zlib from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordAudit } from '../../src/audit/record-audit.js';
import { inTransaction } from '../../src/shared/transaction.js';
import type { Organisation } from '../../src/orgs/organisations.js';
import { DIALECTS } from '../support/databases.js';
import { redeemSetupLink } from '../support/enroll.js';
import { createHarness, type Browser, type Harness } from '../support/harness.js';

describe.each(DIALECTS)('Activity export, compressed (%s)', (dialect) => {
  let h: Harness;
  let acme: Organisation;
  let admin: Browser;
  const exportCsv = (acceptEncoding?: string) =>
    admin.send('GET', '/api/o/acme/admin/activity/export?format=csv&type=sign_in.failed', undefined, {
      ...(acceptEncoding ? { 'accept-encoding': acceptEncoding } : {}),
    });

  beforeEach(async () => {
    h = await createHarness(dialect);
    acme = await h.org();
    const ada = await h.user({ org: acme, username: 'ada', role: 'admin', password: 'correct horse battery' });
    ({ browser: admin } = await redeemSetupLink(h, acme, ada));
    // Enough events for the export to stream in several pages (a thousand at a time); one transaction, for speed.
    await inTransaction(h.deps, async (tx) => {
      for (let i = 0; i < 1200; i++) {
        h.advance(1000);
        await recordAudit(tx, {
          orgId: acme.id,
          type: 'sign_in.failed',
          details: { method: 'password', reason: 'wrong password', attempt: i },
        });
      }
    });
  });
  afterEach(() => h.close());

  it('takes gzip when listed or covered by *, with a q-value above 0', async () => {
    for (const header of ['gzip', 'gzip, deflate, br, zstd', 'br;q=1.0, gzip;q=0.8, *;q=0.1', '*', 'x-gzip', 'GZIP'])
      expect((await exportCsv(header)).headers['content-encoding'], header).toBe('gzip');
    for (const header of ['identity', 'br', 'gzip;q=0', 'gzip;q=0.0, br', '*;q=0', 'gzip;q=0, *', 'gzip;q=x'])
      expect((await exportCsv(header)).headers['content-encoding'], header).toBeUndefined();
  });

  it('streams gzip when the client accepts it, the same rows as without, with Vary', async () => {
    const plain = await exportCsv();
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toMatch(/accept-encoding/i);
    expect(plain.body.trim().split('\n')).toHaveLength(1201);

    const gzipped = await exportCsv('gzip, deflate, br');
    expect(gzipped.statusCode).toBe(200);
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gzipped.headers.vary).toMatch(/accept-encoding/i);
    expect(gzipped.headers['content-type']).toMatch(/^text\/csv/);
    expect(gzipped.headers['content-disposition']).toMatch(/^attachment; filename="acme-activity-/);
    expect(gzipped.headers['cache-control']).toBe('no-store');
    const unzipped = zlib.gunzipSync(gzipped.rawPayload).toString('utf8');
    expect(unzipped).toBe(plain.body);
    expect(gzipped.rawPayload.length).toBeLessThan(plain.rawPayload.length / 5);

    const refused = await exportCsv('gzip;q=0, br');
    expect(refused.headers['content-encoding']).toBeUndefined();
    expect(refused.body).toBe(plain.body);
  });

  it('compresses the JSON Lines export too', async () => {
    const jsonl = await admin.send(
      'GET',
      '/api/o/acme/admin/activity/export?format=jsonl&type=sign_in.failed',
      undefined,
      {
        'accept-encoding': 'gzip',
      },
    );
    expect(jsonl.headers['content-encoding']).toBe('gzip');
    const lines = zlib.gunzipSync(jsonl.rawPayload).toString('utf8').trim().split('\n');
    expect(lines).toHaveLength(1200);
    expect(JSON.parse(lines[0]!)).toMatchObject({ type: 'sign_in.failed' });
  });
});
