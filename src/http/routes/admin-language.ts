import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { updateDefaultLanguage } from '../../orgs/default-language.js';
import { languageOf } from '../../orgs/languages.js';
import type { Deps } from '../../shared/deps.js';
import { actorOf, orgOf } from '../request-state.js';
import { OrgParams, routeSchemas } from '../schemas.js';
import { GetAdminSettingsLanguage, PutAdminSettingsLanguage } from '../../orgs/schemas.js';

const doc = routeSchemas(['admin: organisation language']);
/** Org Settings > Organisation language. The caller has checked that the signed-in user is an admin. */
export function adminLanguageRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get('/admin/settings/language', { schema: doc(GetAdminSettingsLanguage, OrgParams) }, async (request) => ({
      defaultLanguage: languageOf(orgOf(request).default_language),
    }));

    app.put('/admin/settings/language', { schema: doc(PutAdminSettingsLanguage, OrgParams) }, async (request) => ({
      defaultLanguage: await updateDefaultLanguage(deps, {
        org: orgOf(request),
        language: request.body.defaultLanguage,
        actor: actorOf(request),
      }),
    }));
  };
}
