import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AppError } from '../../errors.js';
import { listOrganisations, organisationSummary } from '../../orgs/list-organisations.js';
import { addAdministrator, createOrganisationWithAdmin } from '../../orgs/create-with-admin.js';
import { getOrganisation } from '../../orgs/organisations.js';
import { setOrganisationRpId } from '../../orgs/rp-id.js';
import { updatePasskeyPolicy } from '../../policy/update-policy.js';
import type { Deps } from '../../shared/deps.js';
import { actorOf } from '../request-state.js';
import { routeSchemas } from '../schemas.js';
import { GetOrgs, PatchOrgsSlug, PostOrgs, PostOrgsSlugAdmins, Slug } from '../../orgs/schemas.js';

const doc = routeSchemas(['platform operator']);
const SlugParams = Type.Object({ slug: Slug });
/**
 * An organisation, an admin's setup link, a change that can break every passkey of an organisation: asked only of an
 * operator who proved it is them in the last 5 minutes (app.ts checks it), as an admin's own such changes are.
 */
const stepUp = { config: { requiresRecentVerification: true } };

/** The operator console's API. The caller has checked for an operator's session in the `platform` organisation. */
export function platformRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get('/orgs', { schema: doc(GetOrgs, undefined) }, async () => ({
      organisations: await listOrganisations(deps),
    }));

    app.post('/orgs', { schema: doc(PostOrgs, undefined), ...stepUp }, async (request) => {
      const { org, firstAdmin } = await createOrganisationWithAdmin(deps, {
        ...request.body,
        ...actorOf(request),
      });
      return { organisation: organisationSummary(org, firstAdmin ? 1 : 0, firstAdmin ? 1 : 0), firstAdmin };
    });

    app.post('/orgs/:slug/admins', { schema: doc(PostOrgsSlugAdmins, SlugParams), ...stepUp }, async (request) => {
      const org = await getOrganisation(deps, { slug: request.params.slug });
      return addAdministrator(deps, {
        org,
        admin: request.body,
        actor: actorOf(request),
      });
    });

    app.patch('/orgs/:slug', { schema: doc(PatchOrgsSlug, SlugParams), ...stepUp }, async (request) => {
      const { passkeysAvailable, rpId, force } = request.body;
      if (passkeysAvailable === undefined && rpId === undefined)
        throw new AppError('VALIDATION_FAILED', { details: { rule: 'passkeysAvailable or rpId' } });
      const org = await getOrganisation(deps, { slug: request.params.slug });
      const actor = { ...actorOf(request), via: 'operator' as const };
      // The RP ID first: when it is refused, nothing else has changed either.
      if (rpId !== undefined) await setOrganisationRpId(deps, { org, rpId, force, ...actor });
      if (passkeysAvailable !== undefined)
        await updatePasskeyPolicy(deps, { org, changes: { passkeysAvailable }, actor });
      const [updated] = await listOrganisations(deps, { slug: org.slug });
      if (!updated) throw new AppError('ORG_NOT_FOUND');
      return { organisation: updated };
    });
  };
}
