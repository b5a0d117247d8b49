import { precompiledWrite } from '../db/precompiled.js';
import { newId } from '../shared/crypto.js';
import type { Actor, Deps, RequestContext } from '../shared/deps.js';
import type { AuditDetails, AuditType } from './schemas.js';

export interface AuditInput {
  orgId: string;
  type: AuditType;
  userId?: string | null;
  actorId?: string | null;
  context?: RequestContext;
  /** Plain facts only: ids, names, methods, reasons, addresses. Never a token, code, password, secret or key. */
  details?: AuditDetails;
}

/** Who acted, as an event records it: an admin and their request, or no one (the CLI). */
export const actedBy = (actor: Actor | null): Pick<AuditInput, 'actorId' | 'context'> => ({
  actorId: actor?.actorId ?? null,
  context: actor?.context,
});

// Every sign-in writes one: built once (precompiled.ts).
const insertEvent = precompiledWrite(
  (
    db,
    v: {
      id: string;
      orgId: string;
      userId: string | null;
      actorId: string | null;
      type: AuditType;
      ip: string | null;
      userAgent: string | null;
      details: string;
      createdAt: number;
    },
  ) =>
    db.insertInto('audit_events').values({
      id: v.id,
      org_id: v.orgId,
      user_id: v.userId,
      actor_id: v.actorId,
      type: v.type,
      ip: v.ip,
      user_agent: v.userAgent,
      details: v.details,
      created_at: v.createdAt,
    }),
);

/** Writes one audit event, in the transaction (deps.db) of the change it records when there is one. */
export async function recordAudit(
  deps: Pick<Deps, 'db' | 'clock' | 'dialect' | 'via'>,
  input: AuditInput,
): Promise<void> {
  // No one acting, from the `latchkey` command or the first start: Activity says "Command line" or "First start"
  // (a `via` of the event's own wins).
  const details = input.actorId == null && deps.via ? { via: deps.via, ...input.details } : input.details;
  await insertEvent.queue(deps, {
    id: newId(),
    orgId: input.orgId,
    userId: input.userId ?? null,
    actorId: input.actorId ?? null,
    type: input.type,
    ip: input.context?.ip ?? null,
    userAgent: input.context?.userAgent ?? null,
    details: JSON.stringify(details ?? {}),
    createdAt: deps.clock(),
  });
}
