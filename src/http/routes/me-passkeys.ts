import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../errors.js';
import { policyFor } from '../../policy/policy-for.js';
import { deletePasskey, listPasskeysForSession, renamePasskey } from '../../passkeys/manage.js';
import { finishRegistration, startRegistration } from '../../passkeys/registration.js';
import { requireRecentVerification } from '../../sessions/sessions.js';
import type { Deps } from '../../shared/deps.js';
import { ceremonyBinding } from '../cookies.js';
import { authOf, orgOf, requestContext } from '../request-state.js';
import { rpIdFor } from '../../orgs/rp-id.js';
import { OrgAndIdParams, OrgParams, routeSchemas } from '../schemas.js';
import {
  DeleteMePasskeysId,
  GetMePasskeys,
  PatchMePasskeysId,
  PostMePasskeys,
  PostMePasskeysOptions,
} from '../../passkeys/schemas.js';

const doc = routeSchemas(['passkeys']);

export function mePasskeyRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  /** Adding a passkey: offered to this member by the policy, and a verification in the last 5 minutes. */
  async function adding(request: FastifyRequest) {
    const org = orgOf(request);
    const { user, session } = authOf(request);
    if (!(await policyFor(deps, { org, user })).passkeysOffered) throw new AppError('PASSKEYS_DISABLED');
    requireRecentVerification(deps, { session });
    return { org, user, session };
  }

  return async (app) => {
    app.get('/me/passkeys', { schema: doc(GetMePasskeys, OrgParams) }, async (request) => {
      const { user, session } = authOf(request);
      return listPasskeysForSession(deps, { user, session });
    });

    app.post(
      '/me/passkeys/options',
      {
        config: { duringPasskeySetup: true },
        schema: doc(PostMePasskeysOptions, OrgParams),
      },
      async (request, reply) => {
        const { org, user } = await adding(request);
        const bindingHash = ceremonyBinding(deps, request, reply, true)!;
        return { options: await startRegistration(deps, { org, user, bindingHash }) };
      },
    );

    app.post(
      '/me/passkeys',
      {
        config: { duringPasskeySetup: true },
        schema: doc(PostMePasskeys, OrgParams),
      },
      async (request, reply) => {
        const { org, user, session } = await adding(request);
        const bindingHash = ceremonyBinding(deps, request, reply, false);
        if (!bindingHash) throw new AppError('CHALLENGE_INVALID');
        const passkey = await finishRegistration(deps, {
          org,
          user,
          sessionId: session.id,
          bindingHash,
          response: request.body.response,
          name: request.body.name,
          context: requestContext(request),
        });
        return { passkey };
      },
    );

    app.patch('/me/passkeys/:id', { schema: doc(PatchMePasskeysId, OrgAndIdParams) }, async (request) => ({
      passkey: await renamePasskey(deps, {
        user: authOf(request).user,
        passkeyId: request.params.id,
        name: request.body.name,
        context: requestContext(request),
      }),
    }));

    // A stolen unlocked phone must not take the owner's other passkeys away: deleting one asks "Confirm it's you".
    const deleting = { schema: doc(DeleteMePasskeysId, OrgAndIdParams), config: { requiresRecentVerification: true } };
    app.delete('/me/passkeys/:id', deleting, async (request) => {
      const { user, session } = authOf(request);
      const { credentialId } = await deletePasskey(deps, {
        org: orgOf(request),
        user,
        passkeyId: request.params.id,
        context: requestContext(request),
        askingSessionId: session.id,
      });
      return { ok: true as const, signal: { rpId: rpIdFor(deps, { org: orgOf(request) }), credentialId } };
    });
  };
}
