import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { startAuthentication } from '../../passkeys/authentication.js';
import { reverify } from '../../sign-in/reverify.js';
import { isRecentlyVerified, requireRecentVerification } from '../../sessions/sessions.js';
import type { Deps } from '../../shared/deps.js';
import { setPassword, updateDisplayName } from '../../users/profile.js';
import { policyFor } from '../../policy/policy-for.js';
import { snoozePasskeyPrompt } from '../../policy/snooze-prompt.js';
import { waysIn } from '../../policy/ways-in.js';
import { ceremonyBinding } from '../cookies.js';
import { authOf, orgOf, requestContext } from '../request-state.js';
import {
  AuthenticationResponse,
  Ok,
  OrgParams,
  Password,
  MEMBER_ERRORS,
  responses,
  UserBody,
  WaysInBody,
  WebAuthnOptions,
  Text,
} from '../schemas.js';
import { userDetailsSignal, userView } from '../views.js';

const tags = ['me'];
const UserDetailsSignal = Type.Object({
  rpId: Type.String(),
  userId: Type.String(),
  name: Type.String(),
  displayName: Type.String(),
});

export function meRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/me',
      {
        schema: {
          tags,
          summary: 'The signed-in user and this session',
          params: OrgParams,
          response: responses(
            {
              200: Type.Object({
                user: UserBody,
                session: Type.Object({
                  id: Type.String(),
                  method: Type.String(),
                  verifiedAt: Type.Number(),
                  reverifyRequired: Type.Boolean(),
                  passkeySetupRequired: Type.Boolean(),
                }),
                policy: Type.Object({
                  passkeysOffered: Type.Boolean(),
                  passwordAllowed: Type.Boolean(),
                  passwordSignInAllowed: Type.Boolean(),
                  prompt: Type.Union([Type.Literal('none'), Type.Literal('optional'), Type.Literal('mandatory')]),
                }),
                waysIn: WaysInBody,
              }),
            },
            MEMBER_ERRORS,
          ),
        },
        // The page needs to know who is signed in to show the passkey setup prompt.
        config: { duringPasskeySetup: true },
      },
      async (request) => {
        const { user, session, passkeyCount } = authOf(request);
        const policy = await policyFor(deps, orgOf(request), user, passkeyCount);
        return {
          // The policy counted the passkeys: not counted twice.
          user: await userView(deps, user, policy.passkeyCount),
          session: {
            id: session.id,
            method: session.method,
            verifiedAt: session.verified_at,
            reverifyRequired: !isRecentlyVerified(deps, session),
            passkeySetupRequired: session.passkey_setup_required === 1 && policy.prompt === 'mandatory',
          },
          policy: {
            passkeysOffered: policy.passkeysOffered,
            passwordAllowed: policy.passwordAllowed,
            passwordSignInAllowed: policy.passwordSignInAllowed,
            prompt: policy.prompt,
          },
          waysIn: waysIn(policy, policy.passkeyCount, user.password_hash !== null),
        };
      },
    );

    app.post(
      '/me/passkey-prompt/snooze',
      {
        schema: {
          tags,
          summary: '"Do this later": stop asking this member to create a passkey for the organisation\'s snooze period',
          params: OrgParams,
          response: responses({ 200: Type.Object({ snoozedUntil: Type.Number() }) }, MEMBER_ERRORS),
        },
      },
      async (request) => {
        const { user } = authOf(request);
        return { snoozedUntil: await snoozePasskeyPrompt(deps, orgOf(request), user, requestContext(request)) };
      },
    );

    app.patch(
      '/me',
      {
        schema: {
          tags,
          summary: 'Change the display name',
          params: OrgParams,
          body: Type.Object({ displayName: Text(100) }),
          response: responses({ 200: Type.Object({ user: UserBody, signal: UserDetailsSignal }) }, MEMBER_ERRORS),
        },
      },
      async (request) => {
        const user = await updateDisplayName(
          deps,
          authOf(request).user,
          request.body.displayName,
          requestContext(request),
        );
        return { user: await userView(deps, user), signal: userDetailsSignal(deps, orgOf(request), user) };
      },
    );

    app.put(
      '/me/password',
      {
        schema: {
          tags,
          summary: 'Set or change the password (needs a recent verification)',
          params: OrgParams,
          body: Type.Object({ password: Password }),
          response: responses({ 200: Type.Object({ user: UserBody }) }, [
            ...MEMBER_ERRORS,
            'REVERIFY_REQUIRED',
            'PASSWORD_TOO_SHORT',
            'PASSWORD_TOO_LONG',
            'PASSWORD_SIGN_IN_DISABLED',
          ]),
        },
      },
      async (request) => {
        const { user, session } = authOf(request);
        requireRecentVerification(deps, session);
        const updated = await setPassword(
          deps,
          orgOf(request),
          user,
          request.body.password,
          session.id,
          requestContext(request),
        );
        return { user: await userView(deps, updated) };
      },
    );

    app.post(
      '/me/reverify/password',
      {
        config: { duringPasskeySetup: true },
        schema: {
          tags,
          summary: 'Confirm it is you with your password before a sensitive change',
          params: OrgParams,
          body: Type.Object({ password: Password }),
          response: responses({ 200: Ok }, [...MEMBER_ERRORS, 'PASSWORD_INCORRECT', 'PASSWORD_SIGN_IN_DISABLED']),
        },
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
        schema: {
          tags,
          summary: 'Options to confirm it is you with one of your passkeys',
          params: OrgParams,
          response: responses({ 200: Type.Object({ options: WebAuthnOptions }) }, [
            ...MEMBER_ERRORS,
            'PASSKEYS_DISABLED',
          ]),
        },
      },
      async (request, reply) => {
        const bindingHash = ceremonyBinding(deps, request, reply, true)!;
        const options = await startAuthentication(deps, {
          org: orgOf(request),
          bindingHash,
          ceremony: 'reverification',
          user: authOf(request).user,
        });
        return { options };
      },
    );

    app.post(
      '/me/reverify/passkey/verify',
      {
        config: { duringPasskeySetup: true },
        schema: {
          tags,
          summary: 'Confirm it is you with one of your passkeys',
          params: OrgParams,
          body: Type.Object({ response: AuthenticationResponse }),
          response: responses({ 200: Ok }, [
            ...MEMBER_ERRORS,
            'PASSKEYS_DISABLED',
            'CHALLENGE_INVALID',
            'PASSKEY_RESPONSE_INVALID',
            'PASSKEY_UNKNOWN',
            'PASSKEY_OTHER_ORGANISATION',
            'PASSKEY_COUNTER_REGRESSED',
          ]),
        },
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
