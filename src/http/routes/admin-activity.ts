import { Readable } from 'node:stream';
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { activityTypes, allActivity, listActivity, type ActivityQuery } from '../../admin/activity.js';
import { CSV_HEADER, csvLine, csvRow, jsonLine } from '../../admin/activity-export.js';
import { adoption } from '../../admin/adoption.js';
import { AUDIT_TYPES, recordAudit, type AuditType } from '../../audit/record-audit.js';
import type { Deps } from '../../shared/deps.js';
import { sendCompressible } from '../compress.js';
import { authOf, orgOf, requestContext } from '../request-state.js';
import { ADMIN_ERRORS, Line, OrgParams, responses } from '../schemas.js';
import { ActivityEventBody } from './admin-users.js';

const tags = ['admin: activity'];
const EpochMs = Type.String({ pattern: '^[0-9]{1,15}$', description: 'epoch milliseconds' });
const Filters = {
  userId: Type.Optional(Type.String({ format: 'uuid', description: 'Events about or by this user' })),
  username: Type.Optional(Line(64, { minLength: 1, description: 'Events about or by the user with this username' })),
  type: Type.Optional(Type.Union(AUDIT_TYPES.map((t) => Type.Literal(t)))),
  from: Type.Optional(EpochMs),
  to: Type.Optional(EpochMs),
};

function filtersOf(query: {
  userId?: string;
  username?: string;
  type?: string;
  from?: string;
  to?: string;
}): ActivityQuery {
  return {
    userId: query.userId,
    username: query.username,
    type: query.type as AuditType | undefined,
    from: query.from === undefined ? undefined : Number(query.from),
    to: query.to === undefined ? undefined : Number(query.to),
  };
}

/** Activity (the organisation's security events) and passkey adoption. */
export function adminActivityRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/admin/activity',
      {
        schema: {
          tags,
          summary: 'Security events, newest first, filtered by user, type and time',
          params: OrgParams,
          querystring: Type.Object(
            {
              ...Filters,
              before: Type.Optional(Line(60, { description: 'nextCursor of the previous page' })),
              limit: Type.Optional(Type.String({ pattern: '^(?:[1-9]|[1-9][0-9]|1[0-9][0-9]|200)$' })),
            },
            { additionalProperties: false },
          ),
          response: responses(
            {
              200: Type.Object({
                events: Type.Array(ActivityEventBody),
                nextCursor: Type.Union([Type.String(), Type.Null()]),
                types: Type.Array(Type.String()),
              }),
            },
            ADMIN_ERRORS,
          ),
        },
      },
      async (request) => {
        const page = await listActivity(deps, orgOf(request), {
          ...filtersOf(request.query),
          before: request.query.before,
          limit: request.query.limit ? Number(request.query.limit) : undefined,
        });
        return {
          events: page.events.map(({ userAgent: _userAgent, ...event }) => event),
          nextCursor: page.nextCursor,
          types: activityTypes(),
        };
      },
    );

    app.get(
      '/admin/activity/export',
      {
        schema: {
          tags,
          summary: 'Download the filtered events as CSV or JSON Lines (gzip-compressed when Accept-Encoding allows)',
          params: OrgParams,
          querystring: Type.Object(
            { ...Filters, format: Type.Union([Type.Literal('csv'), Type.Literal('jsonl')]) },
            { additionalProperties: false },
          ),
          response: responses({ 200: Type.String({ description: 'text/csv or application/x-ndjson' }) }, ADMIN_ERRORS),
        },
      },
      async (request, reply) => {
        const org = orgOf(request);
        const { format } = request.query;
        const filters = filtersOf(request.query);
        // Who took a copy of the organisation's security log (with its addresses) is itself on the log.
        await recordAudit(deps.db, deps.clock, {
          orgId: org.id,
          type: 'activity.exported',
          actorId: authOf(request).user.id,
          context: requestContext(request),
          details: {
            format,
            userId: filters.userId ?? null,
            username: filters.username ?? null,
            type: filters.type ?? null,
            from: filters.from ?? null,
            to: filters.to ?? null,
          },
        });
        const events = allActivity(deps, org, filters);
        async function* lines() {
          if (format === 'csv') yield csvLine(CSV_HEADER);
          for await (const event of events) yield format === 'csv' ? csvRow(event) : jsonLine(event);
        }
        const day = new Date(deps.clock()).toISOString().slice(0, 10);
        reply
          .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8')
          .header('content-disposition', `attachment; filename="${org.slug}-activity-${day}.${format}"`)
          .header('cache-control', 'no-store');
        return sendCompressible(request, reply, Readable.from(lines()));
      },
    );

    app.get(
      '/admin/adoption',
      {
        schema: {
          tags,
          summary: 'Passkey adoption: enrolled vs pending now, and enrolled members per day',
          params: OrgParams,
          response: responses(
            {
              200: Type.Object({
                members: Type.Integer(),
                enrolled: Type.Integer(),
                pending: Type.Integer(),
                series: Type.Array(
                  Type.Object({
                    day: Type.String(),
                    enrolled: Type.Integer(),
                    members: Type.Integer({ description: 'Members who existed by the end of the day' }),
                  }),
                ),
              }),
            },
            ADMIN_ERRORS,
          ),
        },
      },
      async (request) => adoption(deps, orgOf(request)),
    );
  };
}
