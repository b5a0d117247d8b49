import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { languageOf } from '../../orgs/languages.js';
import { passkeysActive } from '../../orgs/organisations.js';
import { rpIdFor } from '../../orgs/rp-id.js';
import type { Deps } from '../../shared/deps.js';
import { orgOf } from '../request-state.js';
import { OrgParams, routeSchemas } from '../schemas.js';
import { GetOrgInfo } from '../../orgs/schemas.js';

const doc = routeSchemas(['organisation']);

export function orgInfoRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get('/', { schema: doc(GetOrgInfo, OrgParams) }, async (request) => {
      const org = orgOf(request);
      return {
        slug: org.slug,
        name: org.name,
        rpId: rpIdFor(deps, { org }),
        passkeysEnabled: passkeysActive(org),
        defaultLanguage: languageOf(org.default_language),
      };
    });
  };
}
