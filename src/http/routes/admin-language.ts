import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { updateDefaultLanguage } from '../../orgs/default-language.js';
import { languageOf } from '../../orgs/languages.js';
import type { Deps } from '../../shared/deps.js';
import { authOf, orgOf, requestContext } from '../request-state.js';
import { OrgParams, replies } from '../schemas.js';
import { GetAdminSettingsLanguage, PutAdminSettingsLanguage } from '../../orgs/schemas.js';

const tags = ['admin: organisation language'];
/** Org Settings > Organisation language. The caller has checked that the signed-in user is an admin. */
export function adminLanguageRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/admin/settings/language',
      {
        schema: {
          tags,
          summary: "The organisation's default language",
          params: OrgParams,
          response: replies(GetAdminSettingsLanguage),
        },
      },
      async (request) => ({ defaultLanguage: languageOf(orgOf(request).default_language) }),
    );

    app.put(
      '/admin/settings/language',
      {
        schema: {
          tags,
          summary: "Change the organisation's default language (a member's own choice of language still wins)",
          params: OrgParams,
          body: PutAdminSettingsLanguage.body,
          response: replies(PutAdminSettingsLanguage),
        },
      },
      async (request) => ({
        defaultLanguage: await updateDefaultLanguage(deps, {
          org: orgOf(request),
          language: request.body.defaultLanguage,
          actor: {
            actorId: authOf(request).user.id,
            context: requestContext(request),
          },
        }),
      }),
    );
  };
}
