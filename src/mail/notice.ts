import { languageOf, type Language } from '../orgs/languages.js';
import type { Organisation } from '../orgs/organisations.js';
import type { TxDeps } from '../shared/transaction.js';
import type { User } from '../users/users.js';
import { queueMail } from './outbox.js';
import { formatExpiry, type TemplateText } from './templates.js';

/** How long a notice is tried before it is given up (it carries no link that could expire). */
const NOTICE_DAYS = 7;

export interface NoticeInput {
  org: Organisation;
  /** The member told, at their address as this row has it ({{name}} is theirs). */
  user: User;
  /** The admin who did what the notice tells, if one did: named in it ({{admin}}). */
  actorId: string | null;
  /** The notice in each language; {{name}}, {{organisation}}, {{admin}} and {{when}} are filled in besides `values`. */
  texts: Record<Language, TemplateText>;
  values: Record<string, string>;
}

/**
 * Queues a notice to a member of what was done to their account, in the transaction that did it: it holds no link,
 * so nothing that comes after (a recovery, a disable) cancels it. Null where no mail is sent (no SMTP, no address).
 */
export async function queueNotice(deps: TxDeps, input: NoticeInput): Promise<string | null> {
  const { org, user, actorId } = input;
  if (!deps.mailer || !user.email) return null;
  const admin = actorId
    ? await deps.db.selectFrom('users').select('display_name').where('id', '=', actorId).executeTakeFirst()
    : undefined;
  const now = deps.clock();
  const language = languageOf(org.default_language);
  const values: Record<string, string> = {
    ...input.values,
    name: user.display_name,
    organisation: org.name,
    admin: admin?.display_name ?? 'Latchkey',
    when: formatExpiry(now, language),
  };
  // One pass, so a name that reads like a placeholder stays as it is; no line break in the subject.
  const fill = (text: string) => text.replace(/\{\{(\w+)\}\}/g, (match, key: string) => values[key] ?? match);
  const row = await queueMail(deps, {
    orgId: org.id,
    userId: user.id,
    purpose: 'notice',
    to: user.email,
    subject: fill(input.texts[language].subject).replace(/[\r\n]+/g, ' '),
    text: fill(input.texts[language].body),
    expiresAt: now + NOTICE_DAYS * 24 * 60 * 60 * 1000,
    createdBy: actorId,
  });
  return row.id;
}
