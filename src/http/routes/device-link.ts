import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { cancelDeviceLink } from '../../device-link/cancel-device-link.js';
import { completeDeviceLink } from '../../device-link/complete-device-link.js';
import { deviceLinkState, requestDeviceLink } from '../../device-link/device-links.js';
import { AppError } from '../../errors.js';
import type { Deps } from '../../shared/deps.js';
import { ceremonyBinding, readSessionToken, setSessionCookie } from '../cookies.js';
import { orgOf, requestContext } from '../request-state.js';
import { userView } from '../views.js';
import {
  GetDeviceLinkId,
  PostDeviceLink,
  PostDeviceLinkIdCancel,
  PostDeviceLinkIdComplete,
} from '../../device-link/schemas.js';
import { OrgAndIdParams, OrgParams, routeSchemas } from '../schemas.js';

const doc = routeSchemas(['sign in from another device']);

/** The new device's side of "Sign in from another device". */
export function deviceLinkRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post('/device-link', { schema: doc(PostDeviceLink, OrgParams) }, async (request, reply) => {
      const bindingHash = ceremonyBinding(deps, request, reply, true)!;
      const { identifier } = request.body;
      return requestDeviceLink(deps, {
        org: orgOf(request),
        identifier,
        bindingHash,
        context: requestContext(request),
      });
    });

    app.get('/device-link/:id', { schema: doc(GetDeviceLinkId, OrgAndIdParams) }, async (request, reply) => {
      const bindingHash = ceremonyBinding(deps, request, reply, false);
      if (!bindingHash) throw new AppError('DEVICE_LINK_NOT_FOUND');
      return deviceLinkState(deps, { org: orgOf(request), id: request.params.id, bindingHash });
    });

    app.post(
      '/device-link/:id/cancel',
      { schema: doc(PostDeviceLinkIdCancel, OrgAndIdParams) },
      async (request, reply) => {
        const bindingHash = ceremonyBinding(deps, request, reply, false);
        if (!bindingHash) throw new AppError('DEVICE_LINK_NOT_FOUND');
        const { id } = request.params;
        await cancelDeviceLink(deps, { org: orgOf(request), id, bindingHash, context: requestContext(request) });
        return { ok: true as const };
      },
    );

    app.post(
      '/device-link/:id/complete',
      { schema: doc(PostDeviceLinkIdComplete, OrgAndIdParams) },
      async (request, reply) => {
        const org = orgOf(request);
        const bindingHash = ceremonyBinding(deps, request, reply, false);
        if (!bindingHash) throw new AppError('DEVICE_LINK_NOT_APPROVED');
        const completed = await completeDeviceLink(deps, {
          org,
          id: request.params.id,
          bindingHash,
          context: requestContext(request),
          previousToken: readSessionToken(deps, request, org.slug),
        });
        setSessionCookie(deps, reply, org.slug, completed.token);
        return { user: await userView(deps, completed.user, completed.passkeyCount) };
      },
    );
  };
}
