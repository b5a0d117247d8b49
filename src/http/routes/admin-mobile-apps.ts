import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { androidOrigin, updateMobileApps, mobileAppsOf, type MobileApps } from '../../orgs/mobile-apps.js';
import type { Organisation } from '../../orgs/organisations.js';
import { rpIdFor } from '../../orgs/rp-id.js';
import type { Deps } from '../../shared/deps.js';
import { actorOf, orgOf, SIGN_IN_SETTING } from '../request-state.js';
import { OrgParams, routeSchemas } from '../schemas.js';
import { GetAdminSettingsMobileApps, PutAdminSettingsMobileApps } from '../../orgs/schemas.js';

const doc = routeSchemas(['admin: mobile apps']);
function view(deps: Deps, org: Organisation, apps: MobileApps) {
  const rpId = rpIdFor(deps, { org });
  const base = org.rp_id ? `https://${rpId}` : deps.config.publicUrl.origin;
  return {
    rpId,
    android: apps.android.map((a) => ({ ...a, origins: a.sha256CertFingerprints.map(androidOrigin) })),
    apple: apps.apple.map((a) => ({ ...a, appId: `${a.teamId}.${a.bundleId}` })),
    files: {
      assetLinks: `${base}/.well-known/assetlinks.json`,
      appleAppSiteAssociation: `${base}/.well-known/apple-app-site-association`,
    },
  };
}

/** Org Settings > Mobile apps: the organisation's Android and Apple apps that use its passkeys. */
export function adminMobileAppRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get('/admin/settings/mobile-apps', { schema: doc(GetAdminSettingsMobileApps, OrgParams) }, async (request) =>
      view(deps, orgOf(request), mobileAppsOf(orgOf(request))),
    );

    app.put(
      '/admin/settings/mobile-apps',
      {
        schema: doc(PutAdminSettingsMobileApps, OrgParams),
        // An app listed here runs passkey ceremonies for the members: a stolen session must not add one.
        config: SIGN_IN_SETTING,
      },
      async (request) => {
        const org = orgOf(request);
        const saved = await updateMobileApps(deps, {
          org,
          apps: request.body,
          actor: actorOf(request),
        });
        return view(deps, org, saved);
      },
    );
  };
}
