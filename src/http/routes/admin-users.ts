import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { listUsers, adminUserView } from '../../admin/user-list.js';
import { userDetail } from '../../admin/user-detail.js';
import { deletePasskey } from '../../passkeys/manage.js';
import { endSessions } from '../../sign-in/end-sessions.js';
import { requireRecentVerification } from '../../sessions/sessions.js';
import type { Deps } from '../../shared/deps.js';
import { createUser, getUser } from '../../users/users.js';
import { authOf, orgOf, requestContext, targetUser } from '../request-state.js';
import {
  ADMIN_ERRORS,
  AdminUserBody,
  Line,
  OrgAndIdParams,
  OrgParams,
  Ok,
  PasskeyBody,
  Text,
  responses,
} from '../schemas.js';

const tags = ['admin: users'];
const Person = Type.Union([Type.Object({ id: Type.String(), username: Type.String() }), Type.Null()]);
export const ActivityEventBody = Type.Object({
  id: Type.String(),
  type: Type.String(),
  createdAt: Type.Number(),
  user: Person,
  actor: Person,
  ip: Type.Union([Type.String(), Type.Null()]),
  userAgentLabel: Type.Union([Type.String(), Type.Null()]),
  details: Type.Object({}, { additionalProperties: true }),
});
export const OutboxEmailBody = Type.Object({
  id: Type.String(),
  userId: Type.Union([Type.String(), Type.Null()]),
  to: Type.String(),
  subject: Type.String(),
  purpose: Type.String(),
  state: Type.Union(
    [Type.Literal('queued'), Type.Literal('sent'), Type.Literal('failed'), Type.Literal('handed_over')],
    { description: 'handed_over: no SMTP on this server; the link was given to the admin to pass on' },
  ),
  attempts: Type.Integer(),
  lastError: Type.Union([Type.String(), Type.Null()]),
  nextAttemptAt: Type.Union([Type.Number(), Type.Null()]),
  createdAt: Type.Number(),
  sentAt: Type.Union([Type.Number(), Type.Null()]),
});
const UserAndPasskeyParams = Type.Object({ ...OrgAndIdParams.properties, passkeyId: Type.String({ format: 'uuid' }) });

/** Users and a user's page. The caller has checked that the signed-in user is an admin of this organisation. */
export function adminUserRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/admin/users',
      {
        schema: {
          tags,
          summary:
            'Users with their enrollment status ("Enrolled": has a passkey; "Pending": none), searched and paged on the server',
          params: OrgParams,
          querystring: Type.Object(
            {
              q: Type.Optional(Line(320, { description: 'The start of a username, email or display name' })),
              status: Type.Optional(
                Type.Union([Type.Literal('all'), Type.Literal('enrolled'), Type.Literal('pending')]),
              ),
              after: Type.Optional(Line(64, { description: 'nextCursor of the previous page' })),
              limit: Type.Optional(
                Type.String({
                  pattern: '^(?:[1-9]|[1-9][0-9]|1[0-9][0-9]|200)$',
                  description: '1 to 200; 50 by default',
                }),
              ),
            },
            { additionalProperties: false },
          ),
          response: responses(
            {
              200: Type.Object({
                users: Type.Array(AdminUserBody),
                counts: Type.Union(
                  [
                    Type.Object({ all: Type.Integer(), enrolled: Type.Integer(), pending: Type.Integer() }),
                    Type.Null(),
                  ],
                  {
                    description:
                      'Over the whole organisation; only on the first page without a search (null with after or q)',
                  },
                ),
                nextCursor: Type.Union([Type.String(), Type.Null()]),
              }),
            },
            ADMIN_ERRORS,
          ),
        },
      },
      async (request) => {
        const { q, status, after, limit } = request.query;
        return listUsers(deps, orgOf(request), { q, status, after, limit: limit ? Number(limit) : undefined });
      },
    );

    app.post(
      '/admin/users',
      {
        schema: {
          tags,
          summary: 'Add a user (they start Pending; enroll them by email or code)',
          params: OrgParams,
          body: Type.Object(
            {
              username: Text(64),
              email: Type.Optional(Type.Union([Text(320), Type.Null()])),
              displayName: Type.Optional(Text(100)),
              role: Type.Union([Type.Literal('member'), Type.Literal('editor'), Type.Literal('admin')]),
            },
            { additionalProperties: false },
          ),
          response: responses({ 200: Type.Object({ user: AdminUserBody }) }, [...ADMIN_ERRORS, 'USER_EXISTS']),
        },
      },
      async (request) => {
        const user = await createUser(deps, {
          org: orgOf(request),
          ...request.body,
          actorId: authOf(request).user.id,
          context: requestContext(request),
        });
        return { user: adminUserView(user, 0) };
      },
    );

    app.get(
      '/admin/users/:id',
      {
        schema: {
          tags,
          summary: "A user's page: profile, passkeys, sessions, recent activity, enrollment emails",
          params: OrgAndIdParams,
          response: responses(
            {
              200: Type.Object({
                user: Type.Object({
                  ...AdminUserBody.properties,
                  hasPassword: Type.Boolean(),
                  lastSignInAt: Type.Union([Type.Number(), Type.Null()]),
                  // Password sign-in from unknown browsers is locked until then (too many wrong passwords); null when not.
                  passwordLockedUntil: Type.Union([Type.Number(), Type.Null()]),
                }),
                passkeys: Type.Array(PasskeyBody),
                sessions: Type.Array(
                  Type.Object({
                    id: Type.String(),
                    method: Type.String(),
                    userAgentLabel: Type.Union([Type.String(), Type.Null()]),
                    ip: Type.Union([Type.String(), Type.Null()]),
                    createdAt: Type.Number(),
                    lastSeenAt: Type.Number(),
                  }),
                ),
                activity: Type.Array(ActivityEventBody),
                emails: Type.Array(OutboxEmailBody),
                enrollmentCode: Type.Union([Type.Object({ expiresAt: Type.Number() }), Type.Null()]),
                enrollmentLink: Type.Union([Type.Object({ expiresAt: Type.Number() }), Type.Null()], {
                  description: 'A setup, enrollment or recovery link of this user that still works (never the link)',
                }),
                smtpConfigured: Type.Boolean(),
              }),
            },
            [...ADMIN_ERRORS, 'USER_NOT_FOUND'],
          ),
        },
      },
      async (request) => {
        const org = orgOf(request);
        return userDetail(deps, org, await getUser(deps, org.id, request.params.id));
      },
    );

    app.delete(
      '/admin/users/:id/passkeys/:passkeyId',
      {
        schema: {
          tags,
          summary:
            "Delete one of the user's passkeys (never their last way to sign in: use Recover account for that; needs a verification in the last 5 minutes)",
          params: UserAndPasskeyParams,
          response: responses({ 200: Ok }, [
            ...ADMIN_ERRORS,
            'REVERIFY_REQUIRED',
            'USER_NOT_FOUND',
            'PASSKEY_NOT_FOUND',
            'LAST_SIGN_IN_METHOD',
          ]),
        },
      },
      async (request) => {
        // Destructive: a stolen or unattended admin session must prove it is the admin first.
        requireRecentVerification(deps, authOf(request).session);
        const { user } = await targetUser(deps, request, request.params.id);
        await deletePasskey(deps, user, request.params.passkeyId, requestContext(request), authOf(request).user.id);
        return { ok: true as const };
      },
    );

    app.post(
      '/admin/users/:id/sign-out-everywhere',
      {
        schema: {
          tags,
          summary: 'Sign the user out of every session (needs a verification in the last 5 minutes)',
          params: OrgAndIdParams,
          response: responses({ 200: Type.Object({ revoked: Type.Integer() }) }, [
            ...ADMIN_ERRORS,
            'REVERIFY_REQUIRED',
            'USER_NOT_FOUND',
          ]),
        },
      },
      async (request) => {
        requireRecentVerification(deps, authOf(request).session);
        const { org, user } = await targetUser(deps, request, request.params.id);
        const revoked = await endSessions(deps, org, {
          userId: user.id,
          reason: 'revoked_by_admin',
          actorId: authOf(request).user.id,
          context: requestContext(request),
        });
        return { revoked };
      },
    );
  };
}
