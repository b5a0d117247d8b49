import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Organisation } from '../../src/orgs/organisations.js';
import type { User } from '../../src/users/users.js';
import { DIALECTS } from '../support/databases.js';
import { createHarness, type Browser, type Harness } from '../support/harness.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.js';

const PASSWORD = 'correct horse battery';

describe.each(DIALECTS)("the organisation's default language (%s)", (dialect) => {
  let smtp: TestSmtpServer;
  let h: Harness;
  let acme: Organisation;
  let admin: Browser;
  let bob: User;
  const languageChanges = async () =>
    (await h.deps.db.selectFrom('audit_events').selectAll().where('type', '=', 'org.language_changed').execute()).map(
      (e) => ({ actor: e.actor_id, ...JSON.parse(e.details) }),
    );

  beforeAll(async () => {
    smtp = await startSmtpServer();
  });
  afterAll(() => smtp.stop());
  beforeEach(async () => {
    h = await createHarness(dialect, { SMTP_URL: smtp.url });
    acme = await h.org();
    await h.user({ org: acme, username: 'ada', role: 'admin', password: PASSWORD });
    await h.user({ org: acme, username: 'mo', role: 'member', password: PASSWORD });
    bob = await h.user({ org: acme, username: 'bob', displayName: 'Bob Builder', email: 'bob@acme.example' });
    admin = h.browser();
    expect((await admin.signInWithPassword('acme', 'ada', PASSWORD)).status).toBe(200);
    smtp.clear();
  });
  afterEach(() => h.close());

  it('starts in English; an admin sets French, the sign-in page follows, Activity records who changed it', async () => {
    expect((await h.browser().get('/api/o/acme')).body.defaultLanguage).toBe('en');
    expect((await admin.get('/api/o/acme/admin/settings/language')).body).toEqual({ defaultLanguage: 'en' });

    const changed = await admin.put('/api/o/acme/admin/settings/language', { defaultLanguage: 'fr' });
    expect(changed.status).toBe(200);
    expect(changed.body).toEqual({ defaultLanguage: 'fr' });
    expect((await h.browser().get('/api/o/acme')).body.defaultLanguage).toBe('fr');
    expect((await admin.get('/api/o/acme/admin/settings/language')).body).toEqual({ defaultLanguage: 'fr' });
    const ada = await h.deps.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'ada')
      .executeTakeFirstOrThrow();
    expect(await languageChanges()).toEqual([{ actor: ada.id, from: 'en', to: 'fr' }]);
    // Its own type in Activity and its export, not lost among the passkey settings' changes.
    const listed = (await admin.get('/api/o/acme/admin/activity?type=org.language_changed')).body.events;
    expect(listed.map((e: { details: unknown }) => e.details)).toEqual([{ from: 'en', to: 'fr' }]);
    const exported = await h.app.inject({
      method: 'GET',
      url: '/api/o/acme/admin/activity/export?format=jsonl&type=org.language_changed',
      headers: { cookie: [...admin.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    expect(JSON.parse(exported.body)).toMatchObject({
      type: 'org.language_changed',
      details: { from: 'en', to: 'fr' },
    });

    // Choosing the language it already has changes nothing and records nothing.
    expect((await admin.put('/api/o/acme/admin/settings/language', { defaultLanguage: 'fr' })).status).toBe(200);
    expect(await languageChanges()).toHaveLength(1);
  });

  it('refuses a language the pages lack with a coded 400, and a member with a 403; nothing changes', async () => {
    for (const defaultLanguage of ['it', 'EN', '', 'fr-CA', 'en ']) {
      const refused = await admin.put('/api/o/acme/admin/settings/language', { defaultLanguage });
      expect(refused.status).toBe(400);
      expect(refused.body.error.code).toBe('VALIDATION_FAILED');
    }
    expect((await admin.put('/api/o/acme/admin/settings/language', { defaultLanguage: 7 })).status).toBe(400);
    expect((await admin.put('/api/o/acme/admin/settings/language', {})).status).toBe(400);
    const member = h.browser();
    expect((await member.signInWithPassword('acme', 'mo', PASSWORD)).status).toBe(200);
    const forbidden = await member.put('/api/o/acme/admin/settings/language', { defaultLanguage: 'de' });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.code).toBe('FORBIDDEN');
    expect((await h.browser().get('/api/o/acme')).body.defaultLanguage).toBe('en');
    expect(await languageChanges()).toEqual([]);
  });

  it("sends a French organisation's built-in enrollment email in French; a custom template as written", async () => {
    expect((await admin.put('/api/o/acme/admin/settings/language', { defaultLanguage: 'fr' })).status).toBe(200);
    const templates = await admin.get('/api/o/acme/admin/email-templates');
    expect(templates.body.builtIn.subject).toBe("Configurez votre clé d'accès pour {{organisation}}");
    expect(templates.body.builtIn.language).toBe('fr');

    const sent = await admin.post(`/api/o/acme/admin/users/${bob.id}/enrollment-email`, {});
    expect(sent.status).toBe(200);
    expect(sent.body.email).toMatchObject({ state: 'sent', subject: "Configurez votre clé d'accès pour Acme" });
    const mail = await smtp.nextMessage();
    // As received: the RFC 2047 encoded subject, decoded.
    expect(mail.subject).toBe("Configurez votre clé d'accès pour Acme");
    expect(mail.text).toContain('Bonjour Bob Builder,');
    expect(mail.text).toContain("Ouvrez ce lien sur l'appareil avec lequel vous souhaitez vous connecter");
    // The expiry date is French too: "le 9 décembre 2026, 10:00 UTC".
    expect(mail.text).toMatch(/expire le \d{1,2} [a-zéû]+ \d{4}, \d\d:\d\d UTC\. Votre nom d'utilisateur est bob\./);

    const own = await admin.post('/api/o/acme/admin/email-templates', {
      name: 'Welcome',
      subject: 'Welcome to {{organisation}}',
      body: 'Hi {{name}}, create your passkey: {{link}}',
    });
    expect(own.status).toBe(200);
    smtp.clear();
    await admin.post(`/api/o/acme/admin/users/${bob.id}/enrollment-email`, { templateId: own.body.template.id });
    const custom = await smtp.nextMessage();
    expect(custom.subject).toBe('Welcome to Acme');
    expect(custom.text).toMatch(/^Hi Bob Builder, create your passkey: http:\/\/\S+$/);
  });

  it('sends the built-in email in German and Spanish for those organisations, English by default', async () => {
    const expected = {
      de: ['Richten Sie Ihren Passkey für Acme ein', 'Guten Tag Bob Builder,', /läuft am \d{1,2}\. \S+ \d{4}, /],
      es: ['Configure su llave de acceso para Acme', 'Hola, Bob Builder:', /caduca el \d{1,2} de \S+ de \d{4}, /],
      en: ['Set up your passkey for Acme', 'Hello Bob Builder,', /expires on \d{1,2} [A-Z][a-z]+ \d{4}, /],
    } as const;
    for (const [defaultLanguage, [subject, greeting, expiry]] of Object.entries(expected)) {
      expect((await admin.put('/api/o/acme/admin/settings/language', { defaultLanguage })).status).toBe(200);
      smtp.clear();
      // A second email to the same member replaces the first link: each send is a fresh, valid request.
      const sent = await admin.post(`/api/o/acme/admin/users/${bob.id}/enrollment-email`, {});
      expect(sent.body.email).toMatchObject({ state: 'sent', subject });
      const mail = await smtp.nextMessage();
      expect(mail.subject).toBe(subject);
      expect(mail.text).toContain(greeting);
      expect(mail.text).toMatch(expiry);
    }
  });
});
