/**
 * Activity's "By": who did it. The CLI records no person, only `via: "cli"` (test/http/activity.test.ts checks the
 * API says so), and the first start `via: "first-start"` (test/http/setup-link.test.ts): the console names them
 * instead of leaving the cell blank.
 */
import fs from 'node:fs';
import path from 'node:path';
import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { actorLabel } from '../web/src/admin/activity/actorLabel.js';
import { eventLabel } from '../web/src/admin/activity/activityLabels.js';
import { icu } from '../web/src/i18n/icu.js';

const catalog = (language: string) =>
  JSON.parse(
    fs.readFileSync(path.resolve(import.meta.dirname, `../web/src/i18n/locales/${language}/activity.json`), 'utf8'),
  ) as Record<string, string>;

describe('the "By" of an Activity event', () => {
  beforeAll(async () => {
    await i18next.use(icu).init({
      lng: 'en',
      resources: { en: { activity: catalog('en') }, fr: { activity: catalog('fr') } },
      interpolation: { escapeValue: false },
    });
  });

  it('is the username of whoever acted', () => {
    expect(actorLabel({ actor: { username: 'ada' }, details: {} })).toBe('ada');
  });

  it('is "Command line", in the page\'s language, for an action done with the CLI', async () => {
    expect(actorLabel({ actor: null, details: { via: 'cli' } })).toBe('Command line');
    await i18next.changeLanguage('fr');
    expect(actorLabel({ actor: null, details: { via: 'cli' } })).toBe('Ligne de commande');
    await i18next.changeLanguage('en');
  });

  it('is "First start", in the page\'s language, for what the first start seeded', async () => {
    expect(actorLabel({ actor: null, details: { via: 'first-start' } })).toBe('First start');
    await i18next.changeLanguage('fr');
    expect(actorLabel({ actor: null, details: { via: 'first-start' } })).toBe('Premier démarrage');
    await i18next.changeLanguage('en');
  });

  it('goes with the event\'s name, which counts what one event ended ("Sign out everywhere": 3 sessions)', async () => {
    expect(eventLabel('session.revoked', { count: 1, reason: 'sign_out' })).toBe('Session signed out');
    expect(eventLabel('session.revoked', { count: 3, reason: 'sessions_revoked' })).toBe('3 sessions signed out');
    expect(eventLabel('session.revoked')).toBe('Session signed out');
    await i18next.changeLanguage('fr');
    expect(eventLabel('session.revoked', { count: 3 })).toBe('3 sessions fermées');
    await i18next.changeLanguage('en');
  });

  it('is blank for what no one did from the console or the CLI (a failed sign-in, an email sent)', () => {
    expect(actorLabel({ actor: null, details: {} })).toBe('');
    expect(actorLabel({ actor: null, details: { via: 'admin' } })).toBe('');
  });
});
