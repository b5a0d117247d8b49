import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { updateDefaultLanguage } from '../../orgs/default-language.js';
import { LANGUAGES, languageOf } from '../../orgs/languages.js';
import type { Deps } from '../../shared/deps.js';
import { authOf, orgOf, requestContext } from '../request-state.js';
import { ADMIN_ERRORS, OrgParams, responses } from '../schemas.js';

const tags = ['admin: organisation language'];
const LanguageBody = Type.Object({
  defaultLanguage: Type.Union(
    LANGUAGES.map((l) => Type.Literal(l)),
    { description: "The pages' language when the browser asks for none we have, and the built-in email's" },
  ),
});

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
          response: responses({ 200: LanguageBody }, ADMIN_ERRORS),
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
          body: Type.Object({ defaultLanguage: Type.String({ maxLength: 10 }) }, { additionalProperties: false }),
          response: responses({ 200: LanguageBody }, ADMIN_ERRORS),
        },
      },
      async (request) => ({
        defaultLanguage: await updateDefaultLanguage(deps, orgOf(request), request.body.defaultLanguage, {
          actorId: authOf(request).user.id,
          context: requestContext(request),
        }),
      }),
    );
  };
}
