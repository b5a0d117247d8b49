import type { SignInMethod } from '../db/types.js';
import type { Organisation } from '../orgs/organisations.js';
import type { MemberPolicy } from '../policy/member-policy.js';
import { policyFor, type CountedPolicy } from '../policy/policy-for.js';
import { carryGrants } from '../oidc/grants.js';
import { endAppGrants } from '../oidc/end-grants.js';
import { rememberDevice } from '../passwords/trusted-devices.js';
import { revokeSessionsIn, startSessionIn, type Session } from '../sessions/sessions.js';
import { browserSession } from '../sessions/unended-sessions.js';
import { recordAudit } from '../audit/record-audit.js';
import { isAppError } from '../errors.js';
import type { Deps, RequestContext } from '../shared/deps.js';
import { inTransaction, type TxDeps } from '../shared/transaction.js';
import { fromFlag } from '../shared/flags.js';
import type { User } from '../users/users.js';

export interface CompleteSignInInput {
  org: Organisation;
  user: User;
  /** How the user proved who they are. */
  method: SignInMethod;
  context: RequestContext;
  /** The session this browser had before: revoked, so a planted token cannot ride the new sign-in. */
  previousToken?: string;
  /** The member's policy when the proof already read it (a passkey sign-in does): read once per sign-in. */
  policy?: CountedPolicy;
  /** The passkey that proved it (a passkey sign-in): this browser's "This device" in the member's list. */
  passkeyId?: string;
  /** More facts for the sign-in's audit event (e.g. the approving session of a device link). */
  auditDetails?: Record<string, string | null>;
  /** This browser's trusted-device tokens: given, the browser becomes trusted for this user (see rememberDevice). */
  deviceTokens?: string[];
  /** The proof's own writes (a passkey's challenge taken, its counter raised), committed with the session. */
  recordProof?: (tx: TxDeps) => Promise<void>;
}

export interface CompletedSignIn {
  user: User;
  session: Session;
  /** The cookie value; stored only hashed. */
  token: string;
  passkeyCount: number;
  passkeysOffered: boolean;
  /** Force Passkey Setup holds this session until a passkey exists. */
  passkeyRequired: boolean;
  /** The prompt after sign-in: none, "Create a passkey" (optional) or mandatory. */
  prompt: MemberPolicy['prompt'];
  /** A password is part of setup only where the organisation lets passkey holders use one, or offers no passkey. */
  passwordAllowed: boolean;
  /** The trusted-device tokens the browser's cookie keeps, when deviceTokens were given. */
  deviceTokens?: string[];
}

/**
 * The one place that turns a proof of identity into a session: passkey, password, setup link,
 * enrollment code or email, device link. Apps (OpenID Connect) start from the session it makes.
 */
export async function completeSignIn(deps: Deps, input: CompleteSignInInput): Promise<CompletedSignIn> {
  // Its own transaction, never a caller's: what the cookie keeps is read once that transaction has committed.
  if (deps.db.isTransaction) throw new Error('completeSignIn runs its own transaction');
  try {
    return await startSession(deps, input);
  } catch (error) {
    // The browser's session ended while this sign-in carried its apps: another tab's sign-in took them, or a
    // sign-out. Nothing was written (the proof neither), so once more: that session is no longer read as this
    // browser's, and nothing is carried, as the member's own second try would.
    if (!isAppError(error, 'CONCURRENT_CHANGE')) throw error;
    return startSession(deps, input);
  }
}

async function startSession(deps: Deps, input: CompleteSignInInput): Promise<CompletedSignIn> {
  const { org, user } = input;
  const policy = input.policy ?? (await policyFor(deps, { org, user }));
  const passkeyRequired = policy.prompt === 'mandatory';
  // Idle too: its apps are still signed in under it.
  const previous = await browserSession(deps, { orgId: org.id, token: input.previousToken });
  // The same member signing in again in this browser keeps their apps: the grants move to the new session.
  const carried = previous?.user_id === user.id;
  // Another member's session here ends as their own sign-out would, with the devices it let in (device links).
  const replaced = previous && !carried ? previous : undefined;
  // One transaction, so a whole sign-in commits once: the proof, the session, its audit, the grants, the device.
  const { token, session, remembered, approved } = await inTransaction(deps, async (tx) => {
    await input.recordProof?.(tx);
    const started = await startSessionIn(tx, {
      user,
      method: input.method,
      context: input.context,
      previousToken: replaced ? undefined : input.previousToken,
      previousMustEnd: carried,
      passkeySetupRequired: passkeyRequired,
      passkeyId: input.passkeyId,
      auditDetails: input.auditDetails,
    });
    if (carried) await carryGrants(tx, { fromSessionId: previous.id, toSessionId: started.session.id });
    const ended = replaced && (await endReplaced(tx, { replaced, by: user, context: input.context }));
    const remembered = input.deviceTokens && (await rememberDevice(tx, { user, tokens: input.deviceTokens }));
    return { ...started, remembered, approved: ended?.approvedSessionIds ?? [] };
  });
  const deviceTokens = await remembered?.tokens();
  // Someone else's apps are signed out (after the commit: the apps are told over the network).
  if (replaced)
    for (const sessionId of [replaced.id, ...approved])
      await endAppGrants(deps, { org, userId: replaced.user_id, sessionId });
  return {
    user,
    session,
    token,
    passkeyCount: policy.passkeyCount,
    passkeysOffered: policy.passkeysOffered,
    passkeyRequired,
    prompt: policy.prompt,
    passwordAllowed: fromFlag(org.password_fallback) || !policy.passkeysOffered,
    deviceTokens,
  };
}

/** Another member's session in this browser, ended by a sign-in there: a sign-out of theirs, recorded as one. */
async function endReplaced(
  tx: TxDeps,
  { replaced, by, context }: { replaced: Session; by: User; context: RequestContext },
) {
  const ended = await revokeSessionsIn(tx, {
    orgId: replaced.org_id,
    userId: replaced.user_id,
    sessionId: replaced.id,
    reason: 'sign_out',
    actorId: by.id,
    context,
  });
  await recordAudit(tx, {
    orgId: replaced.org_id,
    type: 'sign_out',
    userId: replaced.user_id,
    actorId: by.id,
    context,
    details: { count: ended.count, sessionId: replaced.id, by: 'another_sign_in' },
  });
  return ended;
}
