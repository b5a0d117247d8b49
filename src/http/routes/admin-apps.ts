import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { disableApp, enableApp } from '../../oidc/app-status.js';
import {
  createApp,
  deleteApp,
  listApps,
  rotateAppSecret,
  updateApp,
  type AppChangeInput,
  type OidcClient,
} from '../../oidc/clients.js';
import { issuerOf } from '../../oidc/provider.js';
import type { Actor, Deps } from '../../shared/deps.js';
import { fromFlag } from '../../shared/flags.js';
import { actorOf, orgOf, SIGN_IN_SETTING } from '../request-state.js';
import { OrgAndClientIdParams, OrgParams, routeSchemas } from '../schemas.js';
import {
  DeleteAdminAppsClientId,
  GetAdminApps,
  PostAdminApps,
  PostAdminAppsClientIdDisable,
  PostAdminAppsClientIdEnable,
  PostAdminAppsClientIdRotateSecret,
  PutAdminAppsClientId,
} from '../../oidc/schemas.js';

const doc = routeSchemas(['admin: apps']);
const appView = (app: OidcClient) => ({
  clientId: app.id,
  name: app.name,
  public: fromFlag(app.public),
  redirectUris: JSON.parse(app.redirect_uris) as string[],
  postLogoutRedirectUris: JSON.parse(app.post_logout_redirect_uris) as string[],
  backchannelLogoutUri: app.backchannel_logout_uri,
  firstParty: fromFlag(app.first_party),
  disabledAt: app.disabled_at,
  createdAt: app.created_at,
  updatedAt: app.updated_at,
});

/** The app a request names, in the organisation it is for, and the admin who changes it. */
const change = (request: FastifyRequest & { params: { clientId: string } }): AppChangeInput & { actor: Actor } => ({
  orgId: orgOf(request).id,
  clientId: request.params.clientId,
  actor: actorOf(request),
});

/** Apps that sign their users in through this organisation (OpenID Connect clients). */
export function adminAppRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get('/admin/apps', { schema: doc(GetAdminApps, OrgParams) }, async (request) => {
      const org = orgOf(request);
      return { issuer: issuerOf(deps, { org }), apps: (await listApps(deps, { orgId: org.id })).map(appView) };
    });

    // Adding an app or changing its addresses decides where members' codes go: a verification minutes ago, as
    // for deleting it, so an unattended admin session cannot send them elsewhere.
    app.post('/admin/apps', { schema: doc(PostAdminApps, OrgParams), config: SIGN_IN_SETTING }, async (request) => {
      const created = await createApp(deps, { orgId: orgOf(request).id, ...request.body, actor: actorOf(request) });
      return { app: appView(created.app), clientSecret: created.clientSecret };
    });

    app.put(
      '/admin/apps/:clientId',
      { schema: doc(PutAdminAppsClientId, OrgAndClientIdParams), config: SIGN_IN_SETTING },
      async (request) => ({ app: appView(await updateApp(deps, { ...change(request), settings: request.body })) }),
    );

    app.post(
      '/admin/apps/:clientId/rotate-secret',
      { schema: doc(PostAdminAppsClientIdRotateSecret, OrgAndClientIdParams), config: SIGN_IN_SETTING },
      async (request) => ({ clientSecret: await rotateAppSecret(deps, change(request)) }),
    );

    // Disabling is what an admin does when an app is compromised: as for deleting it, a verification minutes ago.
    app.post(
      '/admin/apps/:clientId/disable',
      { schema: doc(PostAdminAppsClientIdDisable, OrgAndClientIdParams), config: SIGN_IN_SETTING },
      async (request) => ({ app: appView(await disableApp(deps, change(request))) }),
    );
    app.post(
      '/admin/apps/:clientId/enable',
      { schema: doc(PostAdminAppsClientIdEnable, OrgAndClientIdParams), config: SIGN_IN_SETTING },
      async (request) => ({ app: appView(await enableApp(deps, change(request))) }),
    );

    app.delete(
      '/admin/apps/:clientId',
      { schema: doc(DeleteAdminAppsClientId, OrgAndClientIdParams), config: SIGN_IN_SETTING },
      async (request) => {
        await deleteApp(deps, change(request));
        return { ok: true as const };
      },
    );
  };
}
