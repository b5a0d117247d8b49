import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { decideDeviceLink, findDeviceLinkByCode } from '../../device-link/device-links.js';
import { reverify } from '../../sign-in/reverify.js';
import type { Deps } from '../../shared/deps.js';
import { ceremonyBinding } from '../cookies.js';
import { passkeyOptions } from '../passkey-options.js';
import { authOf, orgOf, requestContext } from '../request-state.js';
import {
  PostMeDeviceLinksIdApprove,
  PostMeDeviceLinksIdApproveOptions,
  PostMeDeviceLinksIdDeny,
  PostMeDeviceLinksLookup,
} from '../../device-link/schemas.js';
import { OrgAndIdParams, OrgParams, routeSchemas } from '../schemas.js';

const doc = routeSchemas(['sign in from another device']);
/** The signed-in device's side: Settings > Passkeys > "Sign in to another device". */
export function meDeviceLinkRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post('/me/device-links/lookup', { schema: doc(PostMeDeviceLinksLookup, OrgParams) }, async (request) => {
      return {
        request: await findDeviceLinkByCode(deps, {
          org: orgOf(request),
          user: authOf(request).user,
          code: request.body.code,
          context: requestContext(request),
        }),
      };
    });

    app.post(
      '/me/device-links/:id/approve/options',
      { schema: doc(PostMeDeviceLinksIdApproveOptions, OrgAndIdParams) },
      async (request, reply) => {
        return passkeyOptions(deps, request, reply, { ceremony: 'reverification', user: authOf(request).user });
      },
    );

    app.post(
      '/me/device-links/:id/approve',
      { schema: doc(PostMeDeviceLinksIdApprove, OrgAndIdParams) },
      async (request, reply) => {
        const org = orgOf(request);
        const { user, session } = authOf(request);
        const context = requestContext(request);
        // A member with a passkey approves with it: user verification on the approving device.
        const proof = request.body.response
          ? { passkey: request.body.response as never, bindingHash: ceremonyBinding(deps, request, reply, false) }
          : { password: request.body.password ?? '' };
        const { passkeyId } = await reverify(deps, { org, user, session, proof, context, passkeyIfHeld: true });
        const id = request.params.id;
        await decideDeviceLink(deps, {
          org,
          user,
          session,
          id,
          approve: true,
          approvedWithPasskeyId: passkeyId,
          context,
        });
        return { ok: true as const };
      },
    );

    app.post('/me/device-links/:id/deny', { schema: doc(PostMeDeviceLinksIdDeny, OrgAndIdParams) }, async (request) => {
      const { user, session } = authOf(request);
      await decideDeviceLink(deps, {
        org: orgOf(request),
        user,
        session,
        id: request.params.id,
        approve: false,
        context: requestContext(request),
      });
      return { ok: true as const };
    });
  };
}
