import { Type } from '@sinclair/typebox';
import { LIMITS } from './templates.js';
import { LANGUAGES } from '../orgs/languages.js';
import { ADMIN_ERRORS, Ok, type RouteSpec } from '../shared/schemas.js';
import { OutboxEmailBody } from '../admin/schemas.js';

export const TemplateBody = Type.Object({
  id: Type.String(),
  name: Type.String(),
  subject: Type.String(),
  body: Type.String(),
  createdAt: Type.Number(),
  updatedAt: Type.Number(),
});

// Lengths are checked by the domain (TEMPLATE_INVALID names the rule); the schema only bounds the body.
export const TemplateText = {
  subject: Type.String({ maxLength: 1000 }),
  body: Type.String({ maxLength: LIMITS.body + 1000 }),
};

export const TemplateInput = Type.Object(
  { name: Type.String({ maxLength: 1000 }), ...TemplateText },
  { additionalProperties: false },
);

/** Creating or editing a template: the template as written, answered with the template saved. */
const TemplateWrite = { body: TemplateInput, reply: Type.Object({ template: TemplateBody }) };

export const TEMPLATE_ERRORS = [...ADMIN_ERRORS, 'TEMPLATE_INVALID' as const, 'TEMPLATE_EXISTS' as const];

/** GET /api/o/:org/admin/email-templates */
export const GetAdminEmailTemplates = {
  summary: "Email templates: the built-in one, the organisation's own, and which is the default",
  reply: Type.Object({
    builtIn: Type.Object({
      name: Type.String(),
      subject: Type.String(),
      body: Type.String(),
      language: Type.Union(
        LANGUAGES.map((l) => Type.Literal(l)),
        { description: "The organisation's default language, which picks the built-in email's" },
      ),
    }),
    defaultTemplateId: Type.Union([Type.String(), Type.Null()]),
    templates: Type.Array(TemplateBody),
    placeholders: Type.Array(Type.String()),
  }),
  errors: ADMIN_ERRORS,
} as const satisfies RouteSpec;

/** POST /api/o/:org/admin/email-templates */
export const PostAdminEmailTemplates = {
  summary: 'Create an email template (needs a verification in the last 5 minutes)',
  ...TemplateWrite,
  errors: [...TEMPLATE_ERRORS, 'REVERIFY_REQUIRED'],
} as const satisfies RouteSpec;

/** PUT /api/o/:org/admin/email-templates/:id */
export const PutAdminEmailTemplatesId = {
  summary: 'Edit an email template (needs a verification in the last 5 minutes)',
  ...TemplateWrite,
  errors: [...TEMPLATE_ERRORS, 'REVERIFY_REQUIRED', 'TEMPLATE_NOT_FOUND'],
} as const satisfies RouteSpec;

/** DELETE /api/o/:org/admin/email-templates/:id */
export const DeleteAdminEmailTemplatesId = {
  summary:
    'Delete an email template (the built-in one becomes the default if it was; ' +
    'needs a verification in the last 5 minutes)',
  reply: Ok,
  errors: [...ADMIN_ERRORS, 'REVERIFY_REQUIRED', 'TEMPLATE_NOT_FOUND'],
} as const satisfies RouteSpec;

/** PUT /api/o/:org/admin/email-templates/default */
export const PutAdminEmailTemplatesDefault = {
  summary: 'Choose the default email template (null: the built-in one; needs a verification in the last 5 minutes)',
  body: Type.Object(
    { templateId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]) },
    { additionalProperties: false },
  ),
  reply: Ok,
  errors: [...ADMIN_ERRORS, 'REVERIFY_REQUIRED', 'TEMPLATE_NOT_FOUND'],
} as const satisfies RouteSpec;

/** POST /api/o/:org/admin/email-templates/preview */
export const PostAdminEmailTemplatesPreview = {
  summary: 'Preview a template with sample values (the signed-in admin as the recipient)',
  body: Type.Object(TemplateText, { additionalProperties: false }),
  reply: Type.Object({ subject: Type.String(), body: Type.String() }),
  errors: [...ADMIN_ERRORS, 'TEMPLATE_INVALID'],
} as const satisfies RouteSpec;

/** GET /api/o/:org/admin/emails */
export const GetAdminEmails = {
  summary: 'The outbox: enrollment and recovery emails with their state (queued, sent, failed and why)',
  query: Type.Object({ userId: Type.Optional(Type.String({ format: 'uuid' })) }, { additionalProperties: false }),
  reply: Type.Object({ smtpConfigured: Type.Boolean(), emails: Type.Array(OutboxEmailBody) }),
  errors: ADMIN_ERRORS,
} as const satisfies RouteSpec;
