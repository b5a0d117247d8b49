import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { AppError } from '../../errors.js';
import { browserSession } from '../../sessions/unended-sessions.js';
import { endSessions } from '../../sign-in/end-sessions.js';
import type { CompletedSignIn } from '../../sign-in/complete-sign-in.js';
import { signInWithPassword } from '../../sign-in/password-sign-in.js';
import { signInWithPasskey } from '../../sign-in/passkey-sign-in.js';
import type { Deps } from '../../shared/deps.js';
import { findUserByIdentifier } from '../../users/users.js';
import { policyFor } from '../../policy/policy-for.js';
import { passkeysActive } from '../../orgs/organisations.js';
import { fromFlag } from '../../shared/flags.js';
import {
  ceremonyBinding,
  clearSessionCookie,
  readDeviceTokens,
  readSessionToken,
  setDeviceCookie,
  setSessionCookie,
} from '../cookies.js';
import { passkeyOptions } from '../passkey-options.js';
import { orgOf, requestContext } from '../request-state.js';
import { acceptedCredentialsSignal, userView } from '../views.js';
import { OrgParams, routeSchemas } from '../schemas.js';
import {
  PostSignInIdentify,
  PostSignInPasskeyOptions,
  PostSignInPasskeyVerify,
  PostSignInPassword,
  PostSignOut,
} from '../../sign-in/schemas.js';

const doc = routeSchemas(['sign-in']);

export function signInRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  /** Sets the cookies of a completed sign-in: the session, and the browser trusted for this user's password. */
  async function answer(reply: FastifyReply, orgSlug: string, completed: CompletedSignIn) {
    setSessionCookie(deps, reply, orgSlug, completed.token);
    setDeviceCookie(deps, reply, orgSlug, completed.deviceTokens!);
    return { user: await userView(deps, completed.user, completed.passkeyCount) };
  }

  return async (app) => {
    app.post('/sign-in/identify', { schema: doc(PostSignInIdentify, OrgParams) }, async (request) => {
      const org = orgOf(request);
      // Nothing is looked up, so the answer and its timing are the same for every identifier.
      if (fromFlag(org.hide_account_existence))
        return { passkey: passkeysActive(org), password: true, sameForEveryone: true as const };
      const user = await findUserByIdentifier(deps, { orgId: org.id, identifier: request.body.identifier });
      if (!user) return { passkey: false, password: true };
      const policy = await policyFor(deps, { org, user });
      const passkey = policy.passkeysAccepted && policy.passkeyCount > 0;
      // Never an empty page: without a usable passkey the password step shows (and answers as for a wrong password).
      return { passkey, password: policy.passwordAllowed || !passkey };
    });

    app.post('/sign-in/password', { schema: doc(PostSignInPassword, OrgParams) }, async (request, reply) => {
      const org = orgOf(request);
      const completed = await signInWithPassword(deps, {
        org,
        identifier: request.body.identifier,
        password: request.body.password,
        context: requestContext(request),
        previousToken: readSessionToken(deps, request, org.slug),
        deviceTokens: readDeviceTokens(deps, request, org.slug),
      });
      return answer(reply, org.slug, completed);
    });

    app.post(
      '/sign-in/passkey/options',
      { schema: doc(PostSignInPasskeyOptions, OrgParams) },
      async (request, reply) => {
        return passkeyOptions(deps, request, reply, {
          ceremony: 'authentication',
          identifier: request.body.identifier,
        });
      },
    );

    app.post('/sign-in/passkey/verify', { schema: doc(PostSignInPasskeyVerify, OrgParams) }, async (request, reply) => {
      const bindingHash = ceremonyBinding(deps, request, reply, false);
      if (!bindingHash) throw new AppError('CHALLENGE_INVALID');
      const org = orgOf(request);
      const completed = await signInWithPasskey(deps, {
        org,
        bindingHash,
        response: request.body.response,
        context: requestContext(request),
        previousToken: readSessionToken(deps, request, org.slug),
        deviceTokens: readDeviceTokens(deps, request, org.slug),
      });
      return {
        ...(await answer(reply, org.slug, completed)),
        signal: await acceptedCredentialsSignal(deps, org, completed.user, completed.credentialIds),
      };
    });

    app.post('/sign-out', { schema: doc(PostSignOut, OrgParams) }, async (request, reply) => {
      const org = orgOf(request);
      // Idle too: the apps signed in under it end with it.
      const session = await browserSession(deps, { orgId: org.id, token: readSessionToken(deps, request, org.slug) });
      if (session) {
        await endSessions(deps, {
          org,
          userId: session.user_id,
          sessionId: session.id,
          reason: 'sign_out',
          actorId: session.user_id,
          context: requestContext(request),
        });
      }
      clearSessionCookie(deps, reply, org.slug);
      return { ok: true as const };
    });
  };
}
