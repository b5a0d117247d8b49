import { newId } from '../shared/crypto.js';
import type { Actor, Deps, RequestContext } from '../shared/deps.js';
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

/** Who acted, as an event records it: an admin and their request, or no one (the CLI). */
export const actedBy = (actor: Actor | null): Pick<AuditInput, 'actorId' | 'context'> => ({
  actorId: actor?.actorId ?? null,
  context: actor?.context,
});

/** Writes one audit event, in the transaction (deps.db) of the change it records when there is one. */
export async function recordAudit(deps: Pick<Deps, 'db' | 'clock'>, input: AuditInput): Promise<void> {
  await deps.db
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
      created_at: deps.clock(),
    })
    .execute();
}
