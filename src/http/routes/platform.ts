import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AppError } from '../../errors.js';
import { listOrganisations, organisationSummary } from '../../orgs/list-organisations.js';
import { addAdministrator, createOrganisationWithAdmin } from '../../orgs/create-with-admin.js';
import { getOrganisation, SLUG_PATTERN } from '../../orgs/organisations.js';
import { setOrganisationRpId } from '../../orgs/rp-id.js';
import { updatePasskeyPolicy } from '../../policy/update-policy.js';
import type { Deps } from '../../shared/deps.js';
import { authOf, requestContext } from '../request-state.js';
import { Line, responses, Text } from '../schemas.js';

const tags = ['platform operator'];
const ERRORS = ['UNAUTHENTICATED', 'FORBIDDEN'] as const;
const OrganisationBody = Type.Object({
  slug: Type.String(),
  name: Type.String(),
  passkeysAvailable: Type.Boolean(),
  passkeysEnabled: Type.Boolean(),
  passkeysMandatory: Type.Boolean(),
  rpId: Type.Union([Type.String(), Type.Null()], {
    description: "Its own passkey domain (WebAuthn RP ID); null: the shared one, PUBLIC_URL's host",
  }),
  members: Type.Integer(),
  admins: Type.Integer({ description: 'Active admins; 0: nobody can enter its admin console' }),
  createdAt: Type.Number(),
});
const AdminBody = Type.Object(
  {
    username: Text(64),
    email: Type.Optional(Type.Union([Line(320), Type.Null()])),
    displayName: Type.Optional(Text(100)),
  },
  { additionalProperties: false },
);
const FirstAdminBody = Type.Object({
  username: Type.String(),
  setupLink: Type.Union([
    Type.Object(
      { url: Type.String(), expiresAt: Type.Number() },
      { description: 'Shown this once: pass it to the admin; it works once' },
    ),
    Type.Null({ description: 'Emailed instead (SMTP is set and the admin has an email address)' }),
  ]),
  email: Type.Union([
    Type.Object({
      to: Type.String(),
      state: Type.Union([Type.Literal('queued'), Type.Literal('sent'), Type.Literal('failed')]),
    }),
    Type.Null(),
  ]),
});
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
          response: responses({ 200: Type.Object({ organisations: Type.Array(OrganisationBody) }) }, [...ERRORS]),
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
            'Create an organisation (passkeys are off until made available), with its first admin and their one-time setup link',
          body: Type.Object({
            slug: Type.String({ pattern: SLUG_PATTERN, maxLength: 40 }),
            name: Text(100),
            firstAdmin: Type.Optional(AdminBody),
          }),
          response: responses(
            {
              200: Type.Object({
                organisation: OrganisationBody,
                firstAdmin: Type.Union([FirstAdminBody, Type.Null()]),
              }),
            },
            [...ERRORS, 'ORG_EXISTS'],
          ),
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
          body: AdminBody,
          response: responses({ 200: FirstAdminBody }, [...ERRORS, 'ORG_NOT_FOUND', 'USER_EXISTS']),
        },
      },
      async (request) => {
        const org = await getOrganisation(deps, request.params.slug);
        return addAdministrator(deps, org, request.body, {
          actorId: authOf(request).user.id,
          context: requestContext(request),
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
            'Changing the RP ID of an organisation that has passkeys is refused unless `force` is true: those passkeys stop working.',
          params: SlugParams,
          body: Type.Object(
            {
              passkeysAvailable: Type.Optional(Type.Boolean()),
              rpId: Type.Optional(Type.Union([Type.String({ maxLength: 253 }), Type.Null()])),
              force: Type.Optional(Type.Boolean()),
            },
            { additionalProperties: false, minProperties: 1 },
          ),
          response: responses({ 200: Type.Object({ organisation: OrganisationBody }) }, [
            ...ERRORS,
            'ORG_NOT_FOUND',
            'RP_ID_INVALID',
            'RP_ID_CHANGE_BREAKS_PASSKEYS',
          ]),
        },
      },
      async (request) => {
        const { passkeysAvailable, rpId, force } = request.body;
        if (passkeysAvailable === undefined && rpId === undefined)
          throw new AppError('VALIDATION_FAILED', { details: { rule: 'passkeysAvailable or rpId' } });
        const org = await getOrganisation(deps, request.params.slug);
        const actor = { actorId: authOf(request).user.id, context: requestContext(request), via: 'operator' as const };
        // The RP ID first: when it is refused, nothing else has changed either.
        if (rpId !== undefined) await setOrganisationRpId(deps, org, { rpId, force, ...actor });
        if (passkeysAvailable !== undefined) await updatePasskeyPolicy(deps, org, { passkeysAvailable }, actor);
        const [updated] = await listOrganisations(deps, org.slug);
        if (!updated) throw new AppError('ORG_NOT_FOUND');
        return { organisation: updated };
      },
    );
  };
}
