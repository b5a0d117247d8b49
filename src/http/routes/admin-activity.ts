import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { activityTypes, allActivity, listActivity, type ActivityQuery } from '../../admin/activity.js';
import { CSV_HEADER, csvLine, csvRow, jsonLine } from '../../admin/activity-export.js';
import { adoption } from '../../admin/adoption.js';
import { recordAudit } from '../../audit/record-audit.js';
import type { AuditType } from '../../audit/schemas.js';
import { AppError } from '../../errors.js';
import type { Deps } from '../../shared/deps.js';
import { actorOf, authOf, orgOf } from '../request-state.js';
import { GetAdminActivity, GetAdminActivityExport, GetAdminAdoption } from '../../admin/schemas.js';
import { OrgParams, routeSchemas } from '../schemas.js';

const doc = routeSchemas(['admin: activity']);
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
    app.get('/admin/activity', { schema: doc(GetAdminActivity, OrgParams) }, async (request) => {
      const page = await listActivity(deps, {
        org: orgOf(request),
        viewer: authOf(request).user.role,
        query: {
          ...filtersOf(request.query),
          before: request.query.before,
          limit: request.query.limit ? Number(request.query.limit) : undefined,
        },
      });
      return {
        events: page.events.map(({ userAgent: _userAgent, ...event }) => event),
        nextCursor: page.nextCursor,
        types: activityTypes(),
      };
    });

    app.get(
      '/admin/activity/export',
      {
        schema: doc(GetAdminActivityExport, OrgParams),
        // gzip, which every download tool reads (curl --compressed); JSON Lines is not in the library's list.
        compress: { encodings: ['gzip'], customTypes: /^(?:text\/csv|application\/x-ndjson)(?:;|$)/ },
      },
      async (request, reply) => {
        // A GET that writes (its audit event): a link on another site must not run it in an admin's browser, whose
        // cookie a top-level navigation carries. The console's own download, and an address typed in, are let in.
        const site = request.headers['sec-fetch-site'];
        if (site !== undefined && site !== 'same-origin' && site !== 'none') throw new AppError('ORIGIN_NOT_ALLOWED');
        const org = orgOf(request);
        const { format } = request.query;
        const filters = filtersOf(request.query);
        // Who took a copy of the organisation's security log (with its addresses) is itself on the log.
        await recordAudit(deps, {
          orgId: org.id,
          type: 'activity.exported',
          ...actorOf(request),
          details: {
            format,
            userId: filters.userId ?? null,
            username: filters.username ?? null,
            type: filters.type ?? null,
            from: filters.from ?? null,
            to: filters.to ?? null,
          },
        });
        const events = allActivity(deps, { org, viewer: authOf(request).user.role, query: filters });
        async function* lines() {
          if (format === 'csv') yield csvLine(CSV_HEADER);
          for await (const event of events) yield format === 'csv' ? csvRow(event) : jsonLine(event);
        }
        const day = new Date(deps.clock()).toISOString().slice(0, 10);
        reply
          .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8')
          .header('content-disposition', `attachment; filename="${org.slug}-activity-${day}.${format}"`)
          .header('cache-control', 'no-store');
        return reply.send(Readable.from(lines()));
      },
    );

    app.get('/admin/adoption', { schema: doc(GetAdminAdoption, OrgParams) }, async (request) =>
      adoption(deps, { org: orgOf(request) }),
    );
  };
}
