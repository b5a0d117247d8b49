import type { Language } from '../orgs/languages.js';
import { CLOSING, type BuiltInTemplate } from './built-in-templates.js';

/**
 * The email of a member to whom passkeys are not offered yet (the rollout has not reached them, or the organisation
 * has not turned passkeys on): the link lets them choose a password, so the passkey templates would mislead them.
 */
export const BUILT_IN_PASSWORD_TEMPLATES: Record<Language, BuiltInTemplate> = {
  en: {
    name: 'Built-in: Choose your password',
    subject: 'Set up your account for {{organisation}}',
    body: [
      'Hello {{name}},',
      '',
      'Open this link to choose the password you sign in to {{organisation}} with:',
      '{{link}}',
      ...CLOSING.en,
    ].join('\n'),
  },
  fr: {
    name: 'Intégré : Choisissez votre mot de passe',
    subject: 'Configurez votre compte pour {{organisation}}',
    body: [
      'Bonjour {{name}},',
      '',
      'Ouvrez ce lien pour choisir le mot de passe avec lequel vous vous connectez à {{organisation}} :',
      '{{link}}',
      ...CLOSING.fr,
    ].join('\n'),
  },
  de: {
    name: 'Integriert: Wählen Sie Ihr Passwort',
    subject: 'Richten Sie Ihr Konto für {{organisation}} ein',
    body: [
      'Guten Tag {{name}},',
      '',
      'Öffnen Sie diesen Link, um das Passwort zu wählen, mit dem Sie sich bei {{organisation}} anmelden:',
      '{{link}}',
      ...CLOSING.de,
    ].join('\n'),
  },
  es: {
    name: 'Integrada: Elija su contraseña',
    subject: 'Configure su cuenta para {{organisation}}',
    body: [
      'Hola, {{name}}:',
      '',
      'Abra este enlace para elegir la contraseña con la que inicia sesión en {{organisation}}:',
      '{{link}}',
      ...CLOSING.es,
    ].join('\n'),
  },
};
