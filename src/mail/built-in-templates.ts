import type { Language } from '../orgs/languages.js';
import type { TemplateText } from './templates.js';

export type BuiltInTemplate = TemplateText & { name: string };

/** After the link, in every built-in email: when it stops working, the username, and what to do if unexpected. */
export const CLOSING: Record<Language, string[]> = {
  en: [
    '',
    'The link works once and expires on {{expires}}. Your username is {{username}}.',
    '',
    'If you did not expect this email, ignore it and tell your administrator.',
  ],
  fr: [
    '',
    "Le lien ne fonctionne qu'une seule fois et expire le {{expires}}. Votre nom d'utilisateur est {{username}}.",
    '',
    "Si vous n'attendiez pas cet e-mail, ignorez-le et prévenez votre administrateur.",
  ],
  de: [
    '',
    'Der Link funktioniert nur einmal und läuft am {{expires}} ab. Ihr Benutzername ist {{username}}.',
    '',
    'Wenn Sie diese E-Mail nicht erwartet haben, ignorieren Sie sie und informieren Sie Ihren Administrator.',
  ],
  es: [
    '',
    'El enlace funciona una sola vez y caduca el {{expires}}. Su nombre de usuario es {{username}}.',
    '',
    'Si no esperaba este correo electrónico, ignórelo e informe a su administrador.',
  ],
};

/**
 * The default enrollment email in each language: plain text, says what a passkey is, what to do and until when.
 * The organisation's default language picks one; the admin's own templates are sent as they wrote them.
 */
export const BUILT_IN_TEMPLATES: Record<Language, BuiltInTemplate> = {
  en: {
    name: 'Built-in: Set up your passkey',
    subject: 'Set up your passkey for {{organisation}}',
    body: [
      'Hello {{name}},',
      '',
      '{{organisation}} signs you in with a passkey: ' +
        'your device unlock method, such as Face ID, fingerprint, Windows Hello, passcode, or PIN. ' +
        'Your fingerprint, face and PIN never leave your device.',
      '',
      'Open this link on the device you want to sign in with, and create your passkey:',
      '{{link}}',
      ...CLOSING.en,
    ].join('\n'),
  },
  fr: {
    name: "Intégré : Configurez votre clé d'accès",
    subject: "Configurez votre clé d'accès pour {{organisation}}",
    body: [
      'Bonjour {{name}},',
      '',
      "{{organisation}} vous connecte avec une clé d'accès : " +
        'la méthode de déverrouillage de votre appareil, comme Face ID, ' +
        "l'empreinte digitale, Windows Hello, un code d'accès ou un code PIN. " +
        'Votre empreinte digitale, votre visage et votre code PIN ne quittent jamais votre appareil.',
      '',
      "Ouvrez ce lien sur l'appareil avec lequel vous souhaitez vous connecter, puis créez votre clé d'accès :",
      '{{link}}',
      ...CLOSING.fr,
    ].join('\n'),
  },
  de: {
    name: 'Integriert: Richten Sie Ihren Passkey ein',
    subject: 'Richten Sie Ihren Passkey für {{organisation}} ein',
    body: [
      'Guten Tag {{name}},',
      '',
      '{{organisation}} meldet Sie mit einem Passkey an: ' +
        'der Entsperrmethode Ihres Geräts, etwa Face ID, Fingerabdruck, Windows Hello, Gerätecode oder PIN. ' +
        'Ihr Fingerabdruck, Ihr Gesicht und Ihre PIN verlassen Ihr Gerät nie.',
      '',
      'Öffnen Sie diesen Link auf dem Gerät, mit dem Sie sich anmelden möchten, und erstellen Sie Ihren Passkey:',
      '{{link}}',
      ...CLOSING.de,
    ].join('\n'),
  },
  es: {
    name: 'Integrada: Configure su llave de acceso',
    subject: 'Configure su llave de acceso para {{organisation}}',
    body: [
      'Hola, {{name}}:',
      '',
      '{{organisation}} le permite iniciar sesión con una llave de acceso: ' +
        'el método de desbloqueo de su dispositivo, ' +
        'como Face ID, la huella digital, Windows Hello, un código de acceso o un PIN. ' +
        'Su huella digital, su rostro y su PIN nunca salen de su dispositivo.',
      '',
      'Abra este enlace en el dispositivo con el que desea iniciar sesión y cree su llave de acceso:',
      '{{link}}',
      ...CLOSING.es,
    ].join('\n'),
  },
};
