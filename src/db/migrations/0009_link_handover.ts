import type { Kysely } from 'kysely';

// The wording older servers stored for a mail that could not go for want of SMTP.
const NOT_CONFIGURED =
  'SMTP is not configured on this server; the link was shown to the admin who sent it, to pass on by hand';

/**
 * Without SMTP, a link handed to the admin was stored as a "failed" mail and audited as "queued".
 * It is one thing, a handover: outbox status `handed_over` and audit type `enrollment_email.handed_over`.
 * Also `server_state`: what a server records about itself, such as the PUBLIC_URL it last started with.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const handedOver = await db
    .updateTable('outbox')
    .set({ status: 'handed_over', last_error: null })
    .where('status', '=', 'failed')
    .where('last_error', '=', NOT_CONFIGURED)
    .returning('id')
    .execute();
  const ids = new Set(handedOver.map((r) => String(r.id)));
  if (ids.size > 0) {
    // Matched in code: reading JSON differs between the two databases.
    for (let after = '', more = true; more;) {
      const events = await db
        .selectFrom('audit_events')
        .select(['id', 'details'])
        .where('type', '=', 'enrollment_email.queued')
        .where('id', '>', after)
        .orderBy('id')
        .limit(500)
        .execute();
      const matching = events.filter((e) =>
        ids.has(String((JSON.parse(String(e.details)) as { emailId?: unknown }).emailId)),
      );
      if (matching.length > 0)
        await db
          .updateTable('audit_events')
          .set({ type: 'enrollment_email.handed_over' })
          .where(
            'id',
            'in',
            matching.map((e) => e.id as number),
          )
          .execute();
      more = events.length === 500;
      after = String(events.at(-1)?.id ?? after);
    }
  }
  await db.schema
    .createTable('server_state')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('server_state').execute();
  await db
    .updateTable('audit_events')
    .set({ type: 'enrollment_email.queued' })
    .where('type', '=', 'enrollment_email.handed_over')
    .execute();
  await db
    .updateTable('outbox')
    .set({ status: 'failed', last_error: NOT_CONFIGURED })
    .where('status', '=', 'handed_over')
    .execute();
}
