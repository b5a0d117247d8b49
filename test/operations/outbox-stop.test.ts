import { SMTPServer } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { deliverDue, queueMail } from '../../src/mail/outbox.js';
import { startOutboxWorker } from '../../src/mail/worker.js';
import { inTransaction } from '../../src/shared/transaction.js';
import { DIALECTS } from '../support/databases.js';
import { freePort } from '../support/free-port.js';
import { createHarness, type Harness } from '../support/harness.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A real SMTP server that takes `delayMs` to accept each message, counting the ones it has started. */
async function slowSmtp(delayMs: number) {
  const port = await freePort();
  const state = { started: 0, accepted: 0 };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      state.started += 1;
      stream.resume();
      stream.on('end', () => setTimeout(() => ((state.accepted += 1), callback()), delayMs));
    },
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  return {
    url: `smtp://127.0.0.1:${port}`,
    state,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe.each(DIALECTS)('stopping the outbox worker (%s)', (dialect) => {
  let h: Harness;
  let smtp: Awaited<ReturnType<typeof slowSmtp>>;
  afterEach(async () => {
    await h?.close();
    await smtp?.stop();
  });

  it('waits for the mail being sent, and leaves the rest queued for the next worker', async () => {
    smtp = await slowSmtp(600);
    h = await createHarness(dialect, { SMTP_URL: smtp.url });
    const org = await h.org();
    const user = await h.user({ org, username: 'bob', email: 'bob@acme.example' });
    await inTransaction(h.deps, async (tx) => {
      for (let i = 0; i < 3; i += 1) {
        await queueMail(tx, {
          orgId: org.id,
          userId: user.id,
          purpose: 'enroll',
          to: 'bob@acme.example',
          subject: `Mail ${i}`,
          text: 'Hello',
          expiresAt: h.deps.clock() + 3_600_000,
          createdBy: null,
        });
      }
    });
    const worker = startOutboxWorker(h.deps, { log: () => {}, intervalMs: 20 });
    const deadline = Date.now() + 10_000;
    while (smtp.state.started === 0 && Date.now() < deadline) await sleep(10);
    expect(smtp.state.started).toBe(1);

    await worker.stop();
    // The mail in progress was finished and recorded; no other was begun.
    expect(smtp.state).toEqual({ started: 1, accepted: 1 });
    const rows = await h.deps.db.selectFrom('outbox').select(['subject', 'status']).orderBy('subject').execute();
    expect(rows.filter((r) => r.status === 'sent')).toHaveLength(1);
    expect(rows.filter((r) => r.status === 'queued')).toHaveLength(2);
    await sleep(200);
    expect(smtp.state.started).toBe(1);

    // Nothing was lost: the next worker (here, or another instance) sends the rest.
    expect(await deliverDue(h.deps)).toBe(2);
    expect((await h.deps.db.selectFrom('outbox').select('status').execute()).every((r) => r.status === 'sent')).toBe(
      true,
    );
  });
});
