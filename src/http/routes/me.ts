import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { reverify } from '../../sign-in/reverify.js';
import { isRecentlyVerified } from '../../sessions/sessions.js';
import type { Deps } from '../../shared/deps.js';
import { fromFlag } from '../../shared/flags.js';
import { setPassword, updateDisplayName } from '../../users/profile.js';
import { policyFor } from '../../policy/policy-for.js';
import { snoozePasskeyPrompt } from '../../policy/snooze-prompt.js';
import { waysIn } from '../../policy/ways-in.js';
import { ceremonyBinding, readDeviceTokens } from '../cookies.js';
import { passkeyOptions } from '../passkey-options.js';
import { authOf, orgOf, requestContext } from '../request-state.js';
import { userDetailsSignal, userView } from '../views.js';
import { OrgParams, routeSchemas } from '../schemas.js';
import {
  GetMe,
  PatchMe,
  PostMePasskeyPromptSnooze,
  PostMeReverifyPasskeyOptions,
  PostMeReverifyPasskeyVerify,
  PostMeReverifyPassword,
  PutMePassword,
} from '../../users/schemas.js';

const doc = routeSchemas(['me']);
export function meRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/me',
      {
        schema: doc(GetMe, OrgParams),
        // The page needs to know who is signed in to show the passkey setup prompt.
        config: { duringPasskeySetup: true },
      },
      async (request) => {
        const { user, session, passkeyCount } = authOf(request);
        const policy = await policyFor(deps, { org: orgOf(request), user, knownPasskeyCount: passkeyCount });
        return {
          // The policy counted the passkeys: not counted twice.
          user: await userView(deps, user, policy.passkeyCount),
          session: {
            id: session.id,
            method: session.method,
            verifiedAt: session.verified_at,
            reverifyRequired: !isRecentlyVerified(deps, { session }),
            passkeySetupRequired: session.passkey_setup_required === 1 && policy.prompt === 'mandatory',
          },
          policy: {
            passkeysOffered: policy.passkeysOffered,
            passwordAllowed: policy.passwordAllowed,
            passwordSignInAllowed: policy.passwordSignInAllowed,
            passwordFallback: fromFlag(orgOf(request).password_fallback),
            prompt: policy.prompt,
          },
          waysIn: waysIn(policy, policy.passkeyCount, user.password_hash !== null),
        };
      },
    );

    app.post('/me/passkey-prompt/snooze', { schema: doc(PostMePasskeyPromptSnooze, OrgParams) }, async (request) => {
      const { user } = authOf(request);
      return {
        snoozedUntil: await snoozePasskeyPrompt(deps, {
          org: orgOf(request),
          user,
          context: requestContext(request),
        }),
      };
    });

    app.patch('/me', { schema: doc(PatchMe, OrgParams) }, async (request) => {
      const user = await updateDisplayName(deps, {
        user: authOf(request).user,
        displayName: request.body.displayName,
        context: requestContext(request),
      });
      return { user: await userView(deps, user), signal: userDetailsSignal(deps, orgOf(request), user) };
    });

    app.put(
      '/me/password',
      { schema: doc(PutMePassword, OrgParams), config: { requiresRecentVerification: true } },
      async (request) => {
        const { user, session } = authOf(request);
        const updated = await setPassword(deps, {
          org: orgOf(request),
          user,
          password: request.body.password,
          keepSessionId: session.id,
          deviceTokens: readDeviceTokens(deps, request, orgOf(request).slug),
          context: requestContext(request),
        });
        return { user: await userView(deps, updated) };
      },
    );

    app.post(
      '/me/reverify/password',
      {
        config: { duringPasskeySetup: true },
        schema: doc(PostMeReverifyPassword, OrgParams),
      },
      async (request) => {
        const { user, session } = authOf(request);
        await reverify(deps, {
          org: orgOf(request),
          user,
          session,
          proof: { password: request.body.password },
          context: requestContext(request),
          markSession: true,
        });
        return { ok: true as const };
      },
    );

    app.post(
      '/me/reverify/passkey/options',
      {
        config: { duringPasskeySetup: true },
        schema: doc(PostMeReverifyPasskeyOptions, OrgParams),
      },
      async (request, reply) => {
        return passkeyOptions(deps, request, reply, { ceremony: 'reverification', user: authOf(request).user });
      },
    );

    app.post(
      '/me/reverify/passkey/verify',
      {
        config: { duringPasskeySetup: true },
        schema: doc(PostMeReverifyPasskeyVerify, OrgParams),
      },
      async (request, reply) => {
        const { user, session } = authOf(request);
        await reverify(deps, {
          org: orgOf(request),
          user,
          session,
          context: requestContext(request),
          markSession: true,
          proof: { passkey: request.body.response, bindingHash: ceremonyBinding(deps, request, reply, false) },
        });
        return { ok: true as const };
      },
    );
  };
}
