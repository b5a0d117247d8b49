import type { Selectable } from 'kysely';
import { insertAudited, updateAudited } from '../audit/audited-write.js';
import { recordAudit } from '../audit/record-audit.js';
import type { AuditDetails } from '../audit/schemas.js';
import { findInOrg } from '../db/org-rows.js';
import type { EmailTemplatesTable } from '../db/types.js';
import { insertUnique } from '../db/unique-violation.js';
import { AppError } from '../errors.js';
import type { Organisation } from '../orgs/organisations.js';
import { newId } from '../shared/crypto.js';
import type { Actor, Deps } from '../shared/deps.js';
import { HAS_NOT_IN_NAMES } from '../shared/names.js';
import { inTransaction } from '../shared/transaction.js';
import { languageOf } from '../orgs/languages.js';
import { BUILT_IN_PASSWORD_TEMPLATES } from './built-in-password-templates.js';
import { BUILT_IN_TEMPLATES, type BuiltInTemplate } from './built-in-templates.js';
import { LIMITS, validateTemplate, type TemplateText } from './templates.js';

export type EmailTemplate = Selectable<EmailTemplatesTable>;

export interface TemplateInput extends TemplateText {
  name: string;
}

export function templateView(t: EmailTemplate) {
  return { id: t.id, name: t.name, subject: t.subject, body: t.body, createdAt: t.created_at, updatedAt: t.updated_at };
}

export async function listTemplates(deps: Deps, { org }: { org: Organisation }): Promise<EmailTemplate[]> {
  return deps.db.selectFrom('email_templates').selectAll().where('org_id', '=', org.id).orderBy('name').execute();
}

type TemplateRef = { org: Organisation; id: string };

const findTemplate = (deps: Deps, { org, id }: TemplateRef) =>
  findInOrg(deps.db, { table: 'email_templates', orgId: org.id, id });

export async function getTemplate(deps: Deps, ref: TemplateRef): Promise<EmailTemplate> {
  const row = await findTemplate(deps, ref);
  if (!row) throw new AppError('TEMPLATE_NOT_FOUND');
  return row;
}

/** The built-in enrollment email in the organisation's default language. */
export const builtInTemplate = (org: Organisation): BuiltInTemplate =>
  BUILT_IN_TEMPLATES[languageOf(org.default_language)];

/** The built-in email of a member not offered passkeys (the link sets up a password), in the same language. */
export const builtInPasswordTemplate = (org: Organisation): BuiltInTemplate =>
  BUILT_IN_PASSWORD_TEMPLATES[languageOf(org.default_language)];

/**
 * The template to send: the one asked for (null: the built-in one), or when none is named the
 * organisation's default — null in the same sense as PUT /admin/email-templates/default.
 */
export async function templateFor(
  deps: Deps,
  { org, templateId }: { org: Organisation; templateId: string | null | undefined },
): Promise<TemplateText & { name: string }> {
  if (templateId === null) return builtInTemplate(org);
  if (templateId !== undefined) return getTemplate(deps, { org, id: templateId });
  const chosen = org.default_template_id ? await findTemplate(deps, { org, id: org.default_template_id }) : undefined;
  return chosen ?? builtInTemplate(org);
}

function checked(input: TemplateInput): TemplateInput {
  const name = input.name.trim();
  if (name.length === 0 || name.length > LIMITS.name || HAS_NOT_IN_NAMES.test(name))
    throw new AppError('TEMPLATE_INVALID', {
      details: { field: 'name', rule: `1 to ${LIMITS.name} characters, no control or text-direction characters` },
    });
  validateTemplate(input);
  return { name, subject: input.subject.trim(), body: input.body };
}

export interface TemplateChange {
  org: Organisation;
  template: TemplateInput;
  actor: Actor;
}

export async function createTemplate(deps: Deps, { org, template, actor }: TemplateChange): Promise<EmailTemplate> {
  const { name, subject, body } = checked(template);
  const now = deps.clock();
  const row: EmailTemplate = { id: newId(), org_id: org.id, name, subject, body, created_at: now, updated_at: now };
  await insertUnique('TEMPLATE_EXISTS', () =>
    insertAudited(deps, {
      orgId: org.id,
      type: 'email_template.created',
      actorId: actor.actorId,
      context: actor.context,
      // Its text, as an edit records it: where the mails it sends point.
      details: { templateId: row.id, name, subject, body },
      insert: { table: 'email_templates', values: row },
    }),
  );
  return row;
}

/**
 * What an edit changed, for whoever later asks what members were sent: a new name as `previousName`,
 * the subject and body each as {from, to}.
 */
function templateChanges(before: TemplateInput, after: TemplateInput): AuditDetails {
  const changes: AuditDetails = before.name === after.name ? {} : { previousName: before.name };
  for (const key of ['subject', 'body'] as const) {
    if (before[key] !== after[key]) changes[key] = { from: before[key], to: after[key] };
  }
  return changes;
}

export async function updateTemplate(
  deps: Deps,
  { org, id, template, actor }: TemplateChange & { id: string },
): Promise<EmailTemplate> {
  const { name, subject, body } = checked(template);
  return insertUnique('TEMPLATE_EXISTS', () =>
    inTransaction(deps, async (tx) => {
      // Read under the write's lock: a concurrent edit cannot make the event's "from" stale.
      const existing = await findInOrg(tx.db, { table: 'email_templates', orgId: org.id, id, lockedOn: deps.dialect });
      if (!existing) throw new AppError('TEMPLATE_NOT_FOUND');
      const updated = { ...existing, name, subject, body, updated_at: deps.clock() };
      await updateAudited(tx, {
        orgId: org.id,
        type: 'email_template.updated',
        actorId: actor.actorId,
        context: actor.context,
        details: { templateId: id, name, ...templateChanges(existing, updated) },
        update: { table: 'email_templates', id, set: { name, subject, body, updated_at: updated.updated_at } },
      });
      return updated;
    }),
  );
}

export async function deleteTemplate(
  deps: Deps,
  { org, id, actor }: { org: Organisation; id: string; actor: Actor },
): Promise<void> {
  const existing = await getTemplate(deps, { org, id });
  await inTransaction(deps, async (tx) => {
    // The default falls back to the built-in one rather than pointing at nothing.
    await tx.db
      .updateTable('organisations')
      .set({ default_template_id: null })
      .where('id', '=', org.id)
      .where('default_template_id', '=', id)
      .execute();
    await tx.db.deleteFrom('email_templates').where('id', '=', id).execute();
    await recordAudit(tx, {
      orgId: org.id,
      type: 'email_template.deleted',
      actorId: actor.actorId,
      context: actor.context,
      details: { templateId: id, name: existing.name },
    });
  });
}

/** Chooses the default template; null chooses the built-in one. */
export async function setDefaultTemplate(
  deps: Deps,
  { org, templateId, actor }: { org: Organisation; templateId: string | null; actor: Actor },
): Promise<void> {
  const name = templateId ? (await getTemplate(deps, { org, id: templateId })).name : builtInTemplate(org).name;
  await updateAudited(deps, {
    orgId: org.id,
    type: 'email_template.default_changed',
    actorId: actor.actorId,
    context: actor.context,
    details: { templateId, name },
    update: { table: 'organisations', id: org.id, set: { default_template_id: templateId } },
  });
}
