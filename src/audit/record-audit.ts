import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/types.js';
import { newId } from '../shared/crypto.js';
import type { Clock, RequestContext } from '../shared/deps.js';
import type { AuditType } from './schemas.js';

export interface AuditInput {
  orgId: string;
  type: AuditType;
  userId?: string | null;
  actorId?: string | null;
  context?: RequestContext;
  /** Plain facts only: ids, names, methods, reasons. Never a token, code, password or key. */
  details?: Record<string, string | number | boolean | null>;
}

/** Writes one audit event; pass the transaction when the event belongs to a change. */
export async function recordAudit(db: Kysely<DB> | Transaction<DB>, clock: Clock, input: AuditInput): Promise<void> {
  await db
    .insertInto('audit_events')
    .values({
      id: newId(),
      org_id: input.orgId,
      user_id: input.userId ?? null,
      actor_id: input.actorId ?? null,
      type: input.type,
      ip: input.context?.ip ?? null,
      user_agent: input.context?.userAgent ?? null,
      details: JSON.stringify(input.details ?? {}),
      created_at: clock(),
    })
    .execute();
}
