import type { Language } from '../orgs/languages.js';

/** What the provider's own pages say; `{app}` is the app's name, `{organisation}` the organisation's. */
export interface OidcPageTexts {
  signOutTitle: string;
  appAsksToSignOut: string;
  signOutQuestion: string;
  signOut: string;
  staySignedIn: string;
  signedOutTitle: string;
  signedOut: string;
  /** An error while signing in to an app (an authorization request). */
  errorTitle: string;
  /** An error while an app signs the member out (RP-initiated logout), e.g. an unregistered post-logout redirect. */
  signOutErrorTitle: string;
  invalidRequest: string;
  /** An app an admin disabled: the member is told so, and whom to ask. */
  appDisabled: string;
  /** The link under an error: the organisation's home, or its sign-in page for someone signed out. */
  goToOrganisation: string;
}

/**
 * The OpenID Connect sign-out confirmation, signed-out and error pages in each language the web pages and the
 * built-in enrollment email are written in (test/i18n-catalogs.test.ts checks that none is missing).
 */
export const OIDC_PAGE_TEXTS: Record<Language, OidcPageTexts> = {
  en: {
    signOutTitle: 'Sign out',
    appAsksToSignOut: '{app} asks to sign you out.',
    signOutQuestion: 'Sign out of your organisation?',
    signOut: 'Sign out',
    staySignedIn: 'Stay signed in',
    signedOutTitle: 'Signed out',
    signedOut: 'You are signed out. You can close this window.',
    errorTitle: 'This app could not sign you in',
    signOutErrorTitle: 'This app could not sign you out',
    invalidRequest: 'The request from the app is not valid.',
    appDisabled: 'Your administrator has disabled this app: it cannot sign you in. Ask them if you need it.',
    goToOrganisation: 'Go to the {organisation} home page',
  },
  fr: {
    signOutTitle: 'Se déconnecter',
    appAsksToSignOut: '{app} vous demande de vous déconnecter.',
    signOutQuestion: 'Vous déconnecter de votre organisation ?',
    signOut: 'Se déconnecter',
    staySignedIn: 'Rester connecté',
    signedOutTitle: 'Déconnecté',
    signedOut: 'Vous êtes déconnecté. Vous pouvez fermer cette fenêtre.',
    errorTitle: "Cette application n'a pas pu vous connecter",
    signOutErrorTitle: "Cette application n'a pas pu vous déconnecter",
    invalidRequest: "La demande de l'application n'est pas valide.",
    appDisabled:
      'Votre administrateur a désactivé cette application : elle ne peut pas vous connecter. ' +
      'Adressez-vous à lui si vous en avez besoin.',
    goToOrganisation: "Aller à la page d'accueil de {organisation}",
  },
  de: {
    signOutTitle: 'Abmelden',
    appAsksToSignOut: '{app} möchte Sie abmelden.',
    signOutQuestion: 'Von Ihrer Organisation abmelden?',
    signOut: 'Abmelden',
    staySignedIn: 'Angemeldet bleiben',
    signedOutTitle: 'Abgemeldet',
    signedOut: 'Sie sind abgemeldet. Sie können dieses Fenster schließen.',
    errorTitle: 'Diese App konnte Sie nicht anmelden',
    signOutErrorTitle: 'Diese App konnte Sie nicht abmelden',
    invalidRequest: 'Die Anfrage der App ist ungültig.',
    appDisabled:
      'Ihr Administrator hat diese App deaktiviert: Sie kann Sie nicht anmelden. ' +
      'Fragen Sie ihn, wenn Sie sie brauchen.',
    goToOrganisation: 'Zur Startseite von {organisation}',
  },
  es: {
    signOutTitle: 'Cerrar sesión',
    appAsksToSignOut: '{app} le pide que cierre la sesión.',
    signOutQuestion: '¿Cerrar la sesión en su organización?',
    signOut: 'Cerrar sesión',
    staySignedIn: 'Mantener la sesión',
    signedOutTitle: 'Sesión cerrada',
    signedOut: 'Ha cerrado la sesión. Puede cerrar esta ventana.',
    errorTitle: 'Esta aplicación no ha podido iniciar su sesión',
    signOutErrorTitle: 'Esta aplicación no ha podido cerrar su sesión',
    invalidRequest: 'La solicitud de la aplicación no es válida.',
    appDisabled:
      'Su administrador ha desactivado esta aplicación: no puede iniciar su sesión. Pídaselo si la necesita.',
    goToOrganisation: 'Ir a la página de inicio de {organisation}',
  },
};
