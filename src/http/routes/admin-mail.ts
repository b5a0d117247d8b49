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
import { requireRecentVerification } from '../../sessions/sessions.js';
import type { Deps } from '../../shared/deps.js';
import { authOf, orgOf, requestContext } from '../request-state.js';
import { OrgAndIdParams, OrgParams, replies } from '../schemas.js';
import {
  DeleteAdminEmailTemplatesId,
  GetAdminEmailTemplates,
  GetAdminEmails,
  PostAdminEmailTemplates,
  PostAdminEmailTemplatesPreview,
  PutAdminEmailTemplatesDefault,
  PutAdminEmailTemplatesId,
} from '../../mail/schemas.js';

const tags = ['admin: email'];
/** Email templates and the outbox. The caller has checked that the signed-in user is an admin of this organisation. */
export function adminMailRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  const actorOf = (request: Parameters<typeof authOf>[0]) => ({
    actorId: authOf(request).user.id,
    context: requestContext(request),
  });

  return async (app) => {
    app.get(
      '/admin/email-templates',
      {
        schema: {
          tags,
          summary: "Email templates: the built-in one, the organisation's own, and which is the default",
          params: OrgParams,
          response: replies(GetAdminEmailTemplates),
        },
      },
      async (request) => {
        const org = orgOf(request);
        const templates = await listTemplates(deps, org);
        return {
          builtIn: builtInTemplate(org),
          defaultTemplateId: templates.some((t) => t.id === org.default_template_id) ? org.default_template_id : null,
          templates: templates.map(templateView),
          placeholders: [...PLACEHOLDERS],
        };
      },
    );

    app.post(
      '/admin/email-templates',
      {
        schema: {
          tags,
          summary: 'Create an email template',
          params: OrgParams,
          body: PostAdminEmailTemplates.body,
          response: replies(PostAdminEmailTemplates),
        },
      },
      async (request) => ({
        template: templateView(
          await createTemplate(deps, { org: orgOf(request), template: request.body, actor: actorOf(request) }),
        ),
      }),
    );

    app.put(
      '/admin/email-templates/:id',
      {
        schema: {
          tags,
          summary: 'Edit an email template',
          params: OrgAndIdParams,
          body: PutAdminEmailTemplatesId.body,
          response: replies(PutAdminEmailTemplatesId),
        },
      },
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
      {
        schema: {
          tags,
          summary:
            'Delete an email template (the built-in one becomes the default if it was; ' +
            'needs a verification in the last 5 minutes)',
          params: OrgAndIdParams,
          response: replies(DeleteAdminEmailTemplatesId),
        },
      },
      async (request) => {
        requireRecentVerification(deps, authOf(request).session);
        await deleteTemplate(deps, { org: orgOf(request), id: request.params.id, actor: actorOf(request) });
        return { ok: true as const };
      },
    );

    app.put(
      '/admin/email-templates/default',
      {
        schema: {
          tags,
          summary: 'Choose the default email template (null: the built-in one)',
          params: OrgParams,
          body: PutAdminEmailTemplatesDefault.body,
          response: replies(PutAdminEmailTemplatesDefault),
        },
      },
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
      {
        schema: {
          tags,
          summary: 'Preview a template with sample values (the signed-in admin as the recipient)',
          params: OrgParams,
          body: PostAdminEmailTemplatesPreview.body,
          response: replies(PostAdminEmailTemplatesPreview),
        },
      },
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

    app.get(
      '/admin/emails',
      {
        schema: {
          tags,
          summary: 'The outbox: enrollment and recovery emails with their state (queued, sent, failed and why)',
          params: OrgParams,
          querystring: GetAdminEmails.query,
          response: replies(GetAdminEmails),
        },
      },
      async (request) => ({
        smtpConfigured: deps.mailer !== null,
        emails: await listOutbox(deps, { orgId: orgOf(request).id, userId: request.query.userId, limit: 200 }),
      }),
    );
  };
}
