/**
 * Migration 0009: links handed to an admin without SMTP, stored before as "failed" mails audited as "queued",
 * become handovers.
 */
import { describe, expect, it } from 'vitest';
import * as linkHandover from '../../src/db/migrations/0009_link_handover.js';
import { DIALECTS, freshDatabase } from '../support/databases.js';

const OLD_WORDING =
  'SMTP is not configured on this server; the link was shown to the admin who sent it, to pass on by hand';

describe.each(DIALECTS)('migration 0009_link_handover (%s)', (dialect) => {
  it('turns the old records of a handover into one, leaving real failures and other events alone', async () => {
    const database = await freshDatabase(dialect);
    const db = database.db;
    try {
      await linkHandover.down(db);
      await db
        .insertInto('organisations')
        .values({ id: 'o1', slug: 'acme', name: 'Acme', created_at: 1 } as never)
        .execute();
      const mail = (id: string, status: string, lastError: string | null) => ({
        id,
        org_id: 'o1',
        user_id: null,
        purpose: 'enroll' as const,
        to_address: 'bob@acme.example',
        subject: 'Set up your passkey',
        text_body: null,
        status: status as 'failed',
        attempts: 0,
        next_attempt_at: null,
        locked_until: null,
        claim_id: null,
        last_error: lastError,
        expires_at: 10,
        created_by: null,
        created_at: 1,
        sent_at: null,
      });
      await db
        .insertInto('outbox')
        .values([
          mail('m1', 'failed', OLD_WORDING),
          mail('m2', 'failed', 'The mail server answered 550'),
          mail('m3', 'sent', null),
        ])
        .execute();
      const event = (id: string, type: string, emailId: string) => ({
        id,
        org_id: 'o1',
        user_id: null,
        actor_id: null,
        type,
        ip: null,
        user_agent: null,
        details: JSON.stringify({ emailId, purpose: 'enroll' }),
        created_at: 1,
      });
      await db
        .insertInto('audit_events')
        .values([
          event('e1', 'enrollment_email.queued', 'm1'),
          event('e2', 'enrollment_email.queued', 'm2'),
          event('e3', 'enrollment_email.queued', 'm3'),
        ])
        .execute();

      await linkHandover.up(db);
      const mails = await db.selectFrom('outbox').select(['id', 'status', 'last_error']).orderBy('id').execute();
      expect(mails).toEqual([
        { id: 'm1', status: 'handed_over', last_error: null },
        { id: 'm2', status: 'failed', last_error: 'The mail server answered 550' },
        { id: 'm3', status: 'sent', last_error: null },
      ]);
      const events = await db.selectFrom('audit_events').select(['id', 'type']).orderBy('id').execute();
      expect(events).toEqual([
        { id: 'e1', type: 'enrollment_email.handed_over' },
        { id: 'e2', type: 'enrollment_email.queued' },
        { id: 'e3', type: 'enrollment_email.queued' },
      ]);
      expect(await db.selectFrom('server_state').selectAll().execute()).toEqual([]);
    } finally {
      await database.destroy();
    }
  });
});
