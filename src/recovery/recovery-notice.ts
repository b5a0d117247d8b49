import { queueNotice } from '../mail/notice.js';
import type { TemplateText } from '../mail/templates.js';
import type { Language } from '../orgs/languages.js';
import type { Organisation } from '../orgs/organisations.js';
import type { Actor } from '../shared/deps.js';
import type { TxDeps } from '../shared/transaction.js';
import type { User } from '../users/users.js';

/** The notice in each language: what happened, who did it, when, and what to do if it was not asked for. */
const NOTICES: Record<Language, TemplateText> = {
  en: {
    subject: 'Your {{organisation}} account was recovered',
    body: [
      'Hello {{name}},',
      '',
      '{{admin}}, an administrator of {{organisation}}, recovered your account on {{when}}: ' +
        'you were signed out everywhere, passkeys removed: {{passkeys}}, ' +
        'and a one-time enrollment code or link was issued for you to set up your account again.',
      '',
      'If you asked for this, there is nothing more to do. ' +
        'If you did not, tell your security team at once: someone may be signing in as you.',
    ].join('\n'),
  },
  fr: {
    subject: 'Votre compte {{organisation}} a été récupéré',
    body: [
      'Bonjour {{name}},',
      '',
      '{{admin}}, administrateur de {{organisation}}, a récupéré votre compte le {{when}} : ' +
        "vous avez été déconnecté partout, clés d'accès supprimées : {{passkeys}}, " +
        "et un code ou un lien d'inscription à usage unique a été émis pour vous " +
        'permettre de configurer à nouveau votre compte.',
      '',
      "Si vous l'avez demandé, vous n'avez rien d'autre à faire. " +
        "Sinon, prévenez immédiatement votre équipe de sécurité : quelqu'un se connecte peut-être à votre place.",
    ].join('\n'),
  },
  de: {
    subject: 'Ihr Konto bei {{organisation}} wurde wiederhergestellt',
    body: [
      'Guten Tag {{name}},',
      '',
      '{{admin}}, Administrator von {{organisation}}, hat Ihr Konto am {{when}} wiederhergestellt: ' +
        'Sie wurden überall abgemeldet, entfernte Passkeys: {{passkeys}}, ' +
        'und ein einmaliger Registrierungscode oder -link wurde für Sie ausgestellt, um Ihr Konto neu einzurichten.',
      '',
      'Wenn Sie darum gebeten haben, ist nichts weiter zu tun. ' +
        'Andernfalls informieren Sie sofort Ihr Sicherheitsteam: Jemand meldet sich möglicherweise als Sie an.',
    ].join('\n'),
  },
  es: {
    subject: 'Se ha recuperado su cuenta de {{organisation}}',
    body: [
      'Hola, {{name}}:',
      '',
      '{{admin}}, administrador de {{organisation}}, recuperó su cuenta el {{when}}: ' +
        'se cerraron todas sus sesiones, llaves de acceso eliminadas: {{passkeys}}, ' +
        'y se emitió para usted un código o enlace de registro de un solo uso para configurar de nuevo su cuenta.',
      '',
      'Si usted lo pidió, no tiene que hacer nada más. ' +
        'Si no, avise de inmediato a su equipo de seguridad: alguien podría estar iniciando sesión como usted.',
    ].join('\n'),
  },
};

/**
 * A recovery by code tells the member by email (a recovery by email sends them the link itself): an admin's
 * recovery signs whoever holds the code in as the member, so the member hears of it even when it was not theirs.
 * Written in the recovery's transaction, after it cancelled the member's unsent mail; returns the mail's id.
 * Without SMTP, or without an address, there is nobody to send it to: null.
 */
export async function queueRecoveryNotice(
  deps: TxDeps,
  input: { org: Organisation; user: User; actor: Actor; removedPasskeys: number },
): Promise<string | null> {
  const { org, user, actor } = input;
  const values = { passkeys: String(input.removedPasskeys) };
  return queueNotice(deps, { org, user, actorId: actor.actorId, texts: NOTICES, values });
}
