import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AppError } from '../../errors.js';
import { listOrganisations, organisationSummary } from '../../orgs/list-organisations.js';
import { addAdministrator, createOrganisationWithAdmin } from '../../orgs/create-with-admin.js';
import { getOrganisation } from '../../orgs/organisations.js';
import { setOrganisationRpId } from '../../orgs/rp-id.js';
import { updatePasskeyPolicy } from '../../policy/update-policy.js';
import type { Deps } from '../../shared/deps.js';
import { authOf, requestContext } from '../request-state.js';
import { replies } from '../schemas.js';
import { GetOrgs, PatchOrgsSlug, PostOrgs, PostOrgsSlugAdmins, SLUG_PATTERN } from '../../orgs/schemas.js';

const tags = ['platform operator'];
const SlugParams = Type.Object({ slug: Type.String({ pattern: SLUG_PATTERN, maxLength: 40 }) });

/** The operator console's API. The caller has checked for an operator's session in the `platform` organisation. */
export function platformRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/orgs',
      {
        schema: {
          tags,
          summary: 'All organisations',
          response: replies(GetOrgs),
        },
      },
      async () => ({ organisations: await listOrganisations(deps) }),
    );

    app.post(
      '/orgs',
      {
        schema: {
          tags,
          summary:
            'Create an organisation (passkeys are off until made available), with its first admin and their ' +
            'one-time setup link',
          body: PostOrgs.body,
          response: replies(PostOrgs),
        },
      },
      async (request) => {
        const { org, firstAdmin } = await createOrganisationWithAdmin(deps, {
          ...request.body,
          actorId: authOf(request).user.id,
          context: requestContext(request),
        });
        return { organisation: organisationSummary(org, firstAdmin ? 1 : 0, firstAdmin ? 1 : 0), firstAdmin };
      },
    );

    app.post(
      '/orgs/:slug/admins',
      {
        schema: {
          tags,
          summary: 'Add administrator: a new admin of the organisation and their one-time setup link, shown this once',
          params: SlugParams,
          body: PostOrgsSlugAdmins.body,
          response: replies(PostOrgsSlugAdmins),
        },
      },
      async (request) => {
        const org = await getOrganisation(deps, request.params.slug);
        return addAdministrator(deps, {
          org,
          admin: request.body,
          actor: {
            actorId: authOf(request).user.id,
            context: requestContext(request),
          },
        });
      },
    );

    app.patch(
      '/orgs/:slug',
      {
        schema: {
          tags,
          summary:
            'Make passkeys available to an organisation, or withdraw them; give it its own passkey domain (RP ID)',
          description:
            'Changing the RP ID of an organisation that has passkeys is refused unless `force` is true: ' +
            'those passkeys stop working.',
          params: SlugParams,
          body: PatchOrgsSlug.body,
          response: replies(PatchOrgsSlug),
        },
      },
      async (request) => {
        const { passkeysAvailable, rpId, force } = request.body;
        if (passkeysAvailable === undefined && rpId === undefined)
          throw new AppError('VALIDATION_FAILED', { details: { rule: 'passkeysAvailable or rpId' } });
        const org = await getOrganisation(deps, request.params.slug);
        const actor = { actorId: authOf(request).user.id, context: requestContext(request), via: 'operator' as const };
        // The RP ID first: when it is refused, nothing else has changed either.
        if (rpId !== undefined) await setOrganisationRpId(deps, { org, rpId, force, ...actor });
        if (passkeysAvailable !== undefined)
          await updatePasskeyPolicy(deps, { org, changes: { passkeysAvailable }, actor });
        const [updated] = await listOrganisations(deps, org.slug);
        if (!updated) throw new AppError('ORG_NOT_FOUND');
        return { organisation: updated };
      },
    );
  };
}
