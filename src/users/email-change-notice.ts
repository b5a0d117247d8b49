import { queueNotice } from '../mail/notice.js';
import type { TemplateText } from '../mail/templates.js';
import type { Language } from '../orgs/languages.js';
import type { Organisation } from '../orgs/organisations.js';
import type { TxDeps } from '../shared/transaction.js';
import type { User } from './users.js';

/** The notice in each language: what changed, who changed it, when, and what to do if it was not asked for. */
const NOTICES: Record<Language, TemplateText> = {
  en: {
    subject: 'The email address of your {{organisation}} account was changed',
    body: [
      'Hello {{name}},',
      '',
      '{{admin}}, an administrator of {{organisation}}, changed the email address of your account ' +
        'on {{when}}, from {{from}} to {{to}}. Emails about your account now go there.',
      '',
      'If you expected this, there is nothing more to do. ' +
        'If you did not, tell your security team at once: someone may be trying to take over your account.',
    ].join('\n'),
  },
  fr: {
    subject: 'L’adresse e-mail de votre compte {{organisation}} a été modifiée',
    body: [
      'Bonjour {{name}},',
      '',
      "{{admin}}, administrateur de {{organisation}}, a modifié l'adresse e-mail de votre compte " +
        'le {{when}}, de {{from}} à {{to}}. Les e-mails concernant votre compte y sont désormais envoyés.',
      '',
      "Si vous vous y attendiez, vous n'avez rien d'autre à faire. " +
        "Sinon, prévenez immédiatement votre équipe de sécurité : quelqu'un tente peut-être de prendre votre compte.",
    ].join('\n'),
  },
  de: {
    subject: 'Die E-Mail-Adresse Ihres Kontos bei {{organisation}} wurde geändert',
    body: [
      'Guten Tag {{name}},',
      '',
      '{{admin}}, Administrator von {{organisation}}, hat die E-Mail-Adresse Ihres Kontos am {{when}} ' +
        'von {{from}} in {{to}} geändert. E-Mails zu Ihrem Konto gehen jetzt dorthin.',
      '',
      'Wenn Sie das erwartet haben, ist nichts weiter zu tun. ' +
        'Andernfalls informieren Sie sofort Ihr Sicherheitsteam: ' +
        'Jemand versucht möglicherweise, Ihr Konto zu übernehmen.',
    ].join('\n'),
  },
  es: {
    subject: 'Se ha cambiado la dirección de correo de su cuenta de {{organisation}}',
    body: [
      'Hola, {{name}}:',
      '',
      '{{admin}}, administrador de {{organisation}}, cambió la dirección de correo de su cuenta ' +
        'el {{when}}, de {{from}} a {{to}}. Los correos sobre su cuenta se envían ahora allí.',
      '',
      'Si lo esperaba, no tiene que hacer nada más. ' +
        'Si no, avise de inmediato a su equipo de seguridad: alguien podría estar intentando hacerse con su cuenta.',
    ].join('\n'),
  },
};

/**
 * A changed email address is told to the old one: the address is where recovery notices and links go, so an admin
 * who moved it elsewhere could otherwise recover the account with nobody told. Written in the change's transaction;
 * returns the mail's id, or null where there is no old address or no SMTP.
 */
export async function queueEmailChangeNotice(
  deps: TxDeps,
  input: { org: Organisation; user: User; to: string | null; actorId: string | null },
): Promise<string | null> {
  const { org, user } = input;
  const values = { from: user.email ?? '', to: input.to ?? '—' };
  return queueNotice(deps, { org, user, actorId: input.actorId, texts: NOTICES, values });
}
