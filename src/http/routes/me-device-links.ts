import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { decideDeviceLink, findDeviceLinkByCode } from '../../device-link/device-links.js';
import { startAuthentication } from '../../passkeys/authentication.js';
import { reverify } from '../../sign-in/reverify.js';
import type { Deps } from '../../shared/deps.js';
import { ceremonyBinding } from '../cookies.js';
import { authOf, orgOf, requestContext } from '../request-state.js';
import {
  PostMeDeviceLinksIdApprove,
  PostMeDeviceLinksIdApproveOptions,
  PostMeDeviceLinksIdDeny,
  PostMeDeviceLinksLookup,
} from '../../device-link/schemas.js';
import { OrgParams, replies } from '../schemas.js';

const tags = ['sign in from another device'];
const Params = Type.Object({ ...OrgParams.properties, id: Type.String({ format: 'uuid' }) });
/** The signed-in device's side: Settings > Passkeys > "Sign in to another device". */
export function meDeviceLinkRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/me/device-links/lookup',
      {
        schema: {
          tags,
          summary: '"Verify code": what is asking to be signed in with this code (browser and OS, time, IP address)',
          params: OrgParams,
          body: PostMeDeviceLinksLookup.body,
          response: replies(PostMeDeviceLinksLookup),
        },
      },
      async (request) => {
        return {
          request: await findDeviceLinkByCode(deps, {
            org: orgOf(request),
            user: authOf(request).user,
            code: request.body.code,
            context: requestContext(request),
          }),
        };
      },
    );

    app.post(
      '/me/device-links/:id/approve/options',
      {
        schema: {
          tags,
          summary: 'Options for the passkey check that "Approve" asks for',
          params: Params,
          response: replies(PostMeDeviceLinksIdApproveOptions),
        },
      },
      async (request, reply) => {
        const bindingHash = ceremonyBinding(deps, request, reply, true)!;
        return {
          options: await startAuthentication(deps, {
            org: orgOf(request),
            bindingHash,
            ceremony: 'reverification',
            user: authOf(request).user,
          }),
        };
      },
    );

    app.post(
      '/me/device-links/:id/approve',
      {
        schema: {
          tags,
          summary: 'Approve the request, proving it is you with your passkey (or your password if you have no passkey)',
          params: Params,
          body: PostMeDeviceLinksIdApprove.body,
          response: replies(PostMeDeviceLinksIdApprove),
        },
      },
      async (request, reply) => {
        const org = orgOf(request);
        const { user, session } = authOf(request);
        const context = requestContext(request);
        // A member with a passkey approves with it: user verification on the approving device.
        const proof = request.body.response
          ? { passkey: request.body.response as never, bindingHash: ceremonyBinding(deps, request, reply, false) }
          : { password: request.body.password ?? '' };
        await reverify(deps, { org, user, session, proof, context, passkeyIfHeld: true });
        await decideDeviceLink(deps, { org, user, session, id: request.params.id, approve: true, context });
        return { ok: true as const };
      },
    );

    app.post(
      '/me/device-links/:id/deny',
      {
        schema: {
          tags,
          summary: 'Deny the request',
          params: Params,
          response: replies(PostMeDeviceLinksIdDeny),
        },
      },
      async (request) => {
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
      },
    );
  };
}
