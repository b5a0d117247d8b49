/**
 * The OpenID Connect provider's own pages (sign-out confirmation, signed out, errors) speak the member's
 * language as the web pages do: the browser's first language we have, else the organisation's default.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { updateDefaultLanguage } from '../../src/orgs/default-language.js';
import { pageLanguage } from '../../src/orgs/languages.js';
import type { Organisation } from '../../src/orgs/organisations.js';
import type { User } from '../../src/users/users.js';
import { DIALECTS } from '../support/databases.js';
import type { Browser } from '../support/harness.js';
import {
  authorizationRequest,
  follow,
  interactionOf,
  listeningHarness,
  registerApp,
  type TestApp,
} from '../support/oidc.js';

const PASSWORD = 'correct horse battery';

describe('the language of a page the server writes', () => {
  it("is the browser's first language we have, by q-value, else the organisation's default", () => {
    expect(pageLanguage('de-AT,de;q=0.9,en;q=0.8', 'fr')).toBe('de');
    expect(pageLanguage('it-IT, es;q=0.5, en;q=0.7', 'fr')).toBe('en');
    expect(pageLanguage('it-IT, pt;q=0.5', 'es')).toBe('es');
    expect(pageLanguage('fr;q=0, *', 'de')).toBe('de');
    expect(pageLanguage(undefined, 'fr')).toBe('fr');
    expect(pageLanguage('', undefined)).toBe('en');
    expect(pageLanguage(undefined, 'xx')).toBe('en');
  });
});

describe.each(DIALECTS)("the OpenID Connect pages in the member's language (%s)", (dialect) => {
  let h: Awaited<ReturnType<typeof listeningHarness>>;
  let acme: Organisation;
  let ada: User;
  let app: TestApp;
  let browser: Browser;
  // As a browser opens a page: asking for HTML (the provider answers other clients' errors in JSON).
  const open = async (url: string, acceptLanguage?: string) => {
    const response = await browser.send('GET', url, undefined, {
      accept: 'text/html,application/xhtml+xml,*/*;q=0.8',
      ...(acceptLanguage ? { 'accept-language': acceptLanguage } : {}),
    });
    return { status: response.statusCode, body: response.body, lang: /<html lang="([^"]+)">/.exec(response.body)?.[1] };
  };
  const signOutPage = `/o/acme/oidc/session/end?client_id=`;

  beforeEach(async () => {
    h = await listeningHarness(dialect);
    acme = await h.org('acme');
    ada = await h.user({ org: acme, username: 'ada', role: 'admin', password: PASSWORD });
    app = await registerApp(h, acme);
    // Signed in to the app: the provider asks before signing this browser out.
    browser = h.browser();
    const request = await authorizationRequest(app);
    const page = await follow(browser, h.origin, request.url.href);
    expect((await browser.signInWithPassword('acme', 'ada', PASSWORD)).status).toBe(200);
    const next = await browser.post(`/api/o/acme/oidc/interaction/${interactionOf(page.location)}/continue`);
    expect((await follow(browser, h.origin, next.body.location)).location).toMatch(/^https:\/\/app\.example\/callback/);
  });
  afterEach(() => h.close());

  it("asks to sign out in the browser's language, with lang set", async () => {
    const english = await open(signOutPage + app.clientId, 'en-GB,en;q=0.9');
    expect(english).toMatchObject({ status: 200, lang: 'en' });
    expect(english.body).toContain('<title>Sign out</title>');
    expect(english.body).toContain('Field App asks to sign you out.');
    expect(english.body).toContain('>Stay signed in</button>');

    const german = await open(signOutPage + app.clientId, 'de-AT,de;q=0.9,en;q=0.8');
    expect(german).toMatchObject({ status: 200, lang: 'de' });
    expect(german.body).toContain('<h1>Abmelden</h1>');
    expect(german.body).toContain('Field App möchte Sie abmelden.');
    expect(german.body).toContain('>Angemeldet bleiben</button>');

    const spanish = await open('/o/acme/oidc/session/end', 'es');
    expect(spanish.lang).toBe('es');
    expect(spanish.body).toContain('¿Cerrar la sesión en su organización?');
  });

  it('says a refused sign-out is about signing out, with a link to the organisation, in their language', async () => {
    // The app asks to send the member to an address it never registered: refused, shown here, never redirected.
    const refused = `${signOutPage}${app.clientId}&post_logout_redirect_uri=https://evil.example/signed-out`;
    const english = await open(refused, 'en-GB,en;q=0.9');
    expect(english).toMatchObject({ status: 400, lang: 'en' });
    expect(english.body).toContain('<h1>This app could not sign you out</h1>');
    expect(english.body).not.toContain('could not sign you in');
    expect(english.body).toMatch(/<p lang="en"><code>invalid_request<\/code>: post_logout_redirect_uri not registered/);
    expect(english.body).toContain(`<a href="/o/acme/">Go to the ${acme.name} home page</a>`);

    const german = await open(refused, 'de');
    expect(german).toMatchObject({ status: 400, lang: 'de' });
    expect(german.body).toContain('<h1>Diese App konnte Sie nicht abmelden</h1>');
    expect(german.body).toContain(`<a href="/o/acme/">Zur Startseite von ${acme.name}</a>`);
    // Nothing was signed out.
    expect((await browser.get('/api/o/acme/me')).status).toBe(200);
  });

  it("falls back to the organisation's default language, on every page", async () => {
    await updateDefaultLanguage(h.deps, {
      org: acme,
      language: 'fr',
      actor: { actorId: ada.id, context: { ip: null, userAgent: null } },
    });
    const signOut = await open('/o/acme/oidc/session/end', 'it-IT,it;q=0.9');
    expect(signOut.lang).toBe('fr');
    expect(signOut.body).toContain('Vous déconnecter de votre organisation ?');

    const signedOut = await open('/o/acme/oidc/session/end/success');
    expect(signedOut).toMatchObject({ status: 200, lang: 'fr' });
    expect(signedOut.body).toContain('Vous êtes déconnecté. Vous pouvez fermer cette fenêtre.');

    // An unknown redirect URI: the error is shown, never sent to the app; the provider's details stay English.
    const error = await open(
      `/o/acme/oidc/auth?client_id=${app.clientId}&response_type=code&scope=openid` +
        '&redirect_uri=https://evil.example/cb',
    );
    expect(error).toMatchObject({ status: 400, lang: 'fr' });
    expect(error.body).toContain('<h1>Cette application n&#39;a pas pu vous connecter</h1>');
    expect(error.body).toMatch(/<p lang="en"><code>invalid_redirect_uri<\/code>: redirect_uri did not match/);
    // No dead end: the way back to the organisation.
    expect(error.body).toContain(`<a href="/o/acme/">Aller à la page d&#39;accueil de ${acme.name}</a>`);
  });
});
