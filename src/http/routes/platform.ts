import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AppError } from '../../errors.js';
import { listOrganisations, organisationSummary } from '../../orgs/list-organisations.js';
import { createOrganisation, getOrganisation, SLUG_PATTERN } from '../../orgs/organisations.js';
import { updatePasskeyPolicy } from '../../policy/update-policy.js';
import type { Deps } from '../../shared/deps.js';
import { authOf, requestContext } from '../request-state.js';
import { responses, Text } from '../schemas.js';

const tags = ['platform operator'];
const ERRORS = ['UNAUTHENTICATED', 'FORBIDDEN'] as const;
const OrganisationBody = Type.Object({
  slug: Type.String(),
  name: Type.String(),
  passkeysAvailable: Type.Boolean(),
  passkeysEnabled: Type.Boolean(),
  passkeysMandatory: Type.Boolean(),
  members: Type.Integer(),
  createdAt: Type.Number(),
});
const SlugParams = Type.Object({ slug: Type.String({ pattern: SLUG_PATTERN, maxLength: 40 }) });

/** The operator console's API. The caller has checked for an operator's session in the `platform` organisation. */
export function platformRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get('/orgs', {
      schema: { tags, summary: 'All organisations', response: responses({ 200: Type.Object({ organisations: Type.Array(OrganisationBody) }) }, [...ERRORS]) },
    }, async () => ({ organisations: await listOrganisations(deps) }));

    app.post('/orgs', {
      schema: {
        tags,
        summary: 'Create an organisation (passkeys are off until made available)',
        body: Type.Object({ slug: Type.String({ pattern: SLUG_PATTERN, maxLength: 40 }), name: Text(100) }),
        response: responses({ 200: Type.Object({ organisation: OrganisationBody }) }, [...ERRORS, 'ORG_EXISTS']),
      },
    }, async (request) => {
      const org = await createOrganisation(deps, { ...request.body, actorId: authOf(request).user.id });
      return { organisation: organisationSummary(org, 0) };
    });

    app.patch('/orgs/:slug', {
      schema: {
        tags,
        summary: 'Make passkeys available to an organisation, or withdraw them',
        params: SlugParams,
        body: Type.Object({ passkeysAvailable: Type.Boolean() }, { additionalProperties: false }),
        response: responses({ 200: Type.Object({ organisation: OrganisationBody }) }, [...ERRORS, 'ORG_NOT_FOUND']),
      },
    }, async (request) => {
      const org = await getOrganisation(deps, request.params.slug);
      await updatePasskeyPolicy(deps, org, { passkeysAvailable: request.body.passkeysAvailable }, {
        actorId: authOf(request).user.id, context: requestContext(request), via: 'operator',
      });
      const [updated] = await listOrganisations(deps, org.slug);
      if (!updated) throw new AppError('ORG_NOT_FOUND');
      return { organisation: updated };
    });
  };
}
