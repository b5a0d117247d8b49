import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { listOutbox } from '../../mail/outbox.js';
import { languageOf } from '../../orgs/languages.js';
import {
  builtInTemplate,
  createTemplate,
  deleteTemplate,
  listTemplates,
  setDefaultTemplate,
  templateView,
  updateTemplate,
} from '../../mail/template-store.js';
import { formatExpiry, PLACEHOLDERS, renderTemplate, validateTemplate } from '../../mail/templates.js';
import type { Deps } from '../../shared/deps.js';
import { actorOf, authOf, orgOf, SIGN_IN_SETTING } from '../request-state.js';
import { OrgAndIdParams, OrgParams, routeSchemas } from '../schemas.js';
import {
  DeleteAdminEmailTemplatesId,
  GetAdminEmailTemplates,
  GetAdminEmails,
  PostAdminEmailTemplates,
  PostAdminEmailTemplatesPreview,
  PutAdminEmailTemplatesDefault,
  PutAdminEmailTemplatesId,
} from '../../mail/schemas.js';

const doc = routeSchemas(['admin: email']);
// A template's text carries members' one-time links (operators' own, in `platform`): creating, editing, choosing the
// default and deleting are SIGN_IN_SETTING changes. A stale session could otherwise point the links at its own page.
/** Email templates and the outbox. The caller has checked that the signed-in user is an admin of this organisation. */
export function adminMailRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get('/admin/email-templates', { schema: doc(GetAdminEmailTemplates, OrgParams) }, async (request) => {
      const org = orgOf(request);
      const templates = await listTemplates(deps, { org });
      return {
        builtIn: { ...builtInTemplate(org), language: languageOf(org.default_language) },
        defaultTemplateId: templates.some((t) => t.id === org.default_template_id) ? org.default_template_id : null,
        templates: templates.map(templateView),
        placeholders: [...PLACEHOLDERS],
      };
    });

    app.post(
      '/admin/email-templates',
      { schema: doc(PostAdminEmailTemplates, OrgParams), config: SIGN_IN_SETTING },
      async (request) => ({
        template: templateView(
          await createTemplate(deps, { org: orgOf(request), template: request.body, actor: actorOf(request) }),
        ),
      }),
    );

    app.put(
      '/admin/email-templates/:id',
      { schema: doc(PutAdminEmailTemplatesId, OrgAndIdParams), config: SIGN_IN_SETTING },
      async (request) => ({
        template: templateView(
          await updateTemplate(deps, {
            org: orgOf(request),
            id: request.params.id,
            template: request.body,
            actor: actorOf(request),
          }),
        ),
      }),
    );

    app.delete(
      '/admin/email-templates/:id',
      { schema: doc(DeleteAdminEmailTemplatesId, OrgAndIdParams), config: SIGN_IN_SETTING },
      async (request) => {
        await deleteTemplate(deps, { org: orgOf(request), id: request.params.id, actor: actorOf(request) });
        return { ok: true as const };
      },
    );

    app.put(
      '/admin/email-templates/default',
      { schema: doc(PutAdminEmailTemplatesDefault, OrgParams), config: SIGN_IN_SETTING },
      async (request) => {
        await setDefaultTemplate(deps, {
          org: orgOf(request),
          templateId: request.body.templateId,
          actor: actorOf(request),
        });
        return { ok: true as const };
      },
    );

    app.post(
      '/admin/email-templates/preview',
      { schema: doc(PostAdminEmailTemplatesPreview, OrgParams) },
      async (request) => {
        validateTemplate(request.body);
        const org = orgOf(request);
        const { user } = authOf(request);
        // A sample, not a link that works: real links are made when an email is sent.
        const sample = `${new URL(`/o/${org.slug}/setup`, deps.config.publicUrl)}#token=sample-one-time-token`;
        return renderTemplate(request.body, {
          '{{name}}': user.display_name,
          '{{username}}': user.username,
          '{{organisation}}': org.name,
          '{{link}}': sample,
          '{{expires}}': formatExpiry(
            deps.clock() + org.enrollment_link_days * 24 * 60 * 60 * 1000,
            languageOf(org.default_language),
          ),
        });
      },
    );

    app.get('/admin/emails', { schema: doc(GetAdminEmails, OrgParams) }, async (request) => ({
      smtpConfigured: deps.mailer !== null,
      emails: await listOutbox(deps, { orgId: orgOf(request).id, userId: request.query.userId, limit: 200 }),
    }));
  };
}
