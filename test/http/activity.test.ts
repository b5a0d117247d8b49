import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { csvField, csvLine } from '../../src/admin/activity-export.js';
import { orgSet } from '../../src/cli/commands.js';
import type { Organisation } from '../../src/orgs/organisations.js';
import type { User } from '../../src/users/users.js';
import { DIALECTS } from '../support/databases.js';
import { redeemSetupLink } from '../support/enroll.js';
import { createHarness, type Browser, type Harness } from '../support/harness.js';

const DAY = 24 * 60 * 60 * 1000;

/**
 * Reads CSV as a spreadsheet importer does with the given separator: a double quote switches quoting
 * on and off, "" inside quotes is one quote, separators and line breaks count only outside quotes.
 */
function parseCsv(text: string, separator: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"' && quoted && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') quoted = !quoted;
    else if (!quoted && c === separator) {
      row.push(cell);
      cell = '';
    } else if (!quoted && (c === '\r' || c === '\n')) {
      if (c === '\r' && text[i + 1] === '\n') i++;
      rows.push([...row, cell]);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}

/** Cells a spreadsheet would run as a formula. */
function formulaCells(csv: string): string[] {
  return [',', ';', '\t'].flatMap((sep) =>
    parseCsv(csv, sep)
      .flat()
      .filter((cell) => /^[\t\r]|^\s*[=+\-@]/.test(cell)),
  );
}

const ATTACKS = [
  "x;=cmd|' /C calc'!A0",
  "x\t=cmd|' /C calc'!A0",
  '=HYPERLINK("http://evil")',
  '  =1+1',
  '\t=1',
  '\r=1',
  '+1',
  '-1',
  '@SUM(A1)',
  'a,b',
  'say "hi"',
];

describe('CSV export cells', () => {
  it('quotes every cell and neutralises spreadsheet formulas in attacker-chosen text', () => {
    expect(csvField('plain')).toBe('"plain"');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('=HYPERLINK("http://evil")')).toBe('"\'=HYPERLINK(""http://evil"")"');
    for (const lead of ['+', '-', '@']) expect(csvField(`${lead}1`)).toBe(`"'${lead}1"`);
    expect(csvField(' \t=1')).toBe('"\' \t=1"');
  });

  it('gives no formula cell under a comma, semicolon or tab separator, and keeps the text', () => {
    const csv = csvLine(['2026-11-22T09:00:00.000Z', ...ATTACKS]) + csvLine(ATTACKS.slice().reverse());
    expect(formulaCells(csv)).toEqual([]);
    const [first] = parseCsv(csv, ',');
    expect(first!.slice(1).map((cell) => cell.replace(/^'/, ''))).toEqual(ATTACKS);
  });
});

describe.each(DIALECTS)('Activity and passkey adoption (%s)', (dialect) => {
  let h: Harness;
  let acme: Organisation;
  let admin: Browser;
  let adminUser: User;
  let bob: User;
  const types = (events: Array<{ type: string }>) => events.map((e) => e.type);

  beforeEach(async () => {
    h = await createHarness(dialect);
    acme = await h.org();
    adminUser = await h.user({ org: acme, username: 'ada', role: 'admin', password: 'correct horse battery' });
    bob = await h.user({ org: acme, username: 'bob' });
    ({ browser: admin } = await redeemSetupLink(h, acme, adminUser));
  });
  afterEach(() => h.close());

  it('lists security events newest first, filtered by user, type and date, a page at a time', async () => {
    h.advance(DAY);
    ({ browser: admin } = await redeemSetupLink(h, acme, adminUser)); // a day later: the admin signs in afresh
    h.advance(1000);
    const dayTwo = h.deps.clock();
    // Events a second apart, so "newest first" has one answer.
    const step = () => h.advance(1000);
    const bobBrowser = h.browser();
    const { code } = (await admin.post(`/api/o/acme/admin/users/${bob.id}/enrollment-code`)).body;
    step();
    expect((await bobBrowser.post('/api/o/acme/enroll', { username: 'bob', code: 'AAA-AAA-AAA' })).status).toBe(400);
    step();
    await bobBrowser.post('/api/o/acme/enroll', { username: 'bob', code });
    step();
    await bobBrowser.addPasskey('acme');
    step();
    await bobBrowser.post('/api/o/acme/sign-out');
    step();
    expect((await bobBrowser.signInWithPasskey('acme')).status).toBe(200);
    h.advance(DAY);
    // A policy change needs a verification in the last 5 minutes (#13, finding 14).
    expect((await admin.post('/api/o/acme/me/reverify/password', { password: 'correct horse battery' })).status).toBe(
      200,
    );
    step();
    await admin.put('/api/o/acme/admin/settings/passkeys', { passkeysMandatory: true });

    const all = (await admin.get('/api/o/acme/admin/activity')).body;
    expect(all.types).toContain('enrollment_code.redeemed');
    expect(types(all.events).slice(0, 4)).toEqual([
      'policy.changed',
      'session.reverified',
      'sign_in.succeeded',
      'sign_out',
    ]);
    const byBob = (await admin.get(`/api/o/acme/admin/activity?userId=${bob.id}`)).body.events;
    expect(
      byBob.every(
        (e: { user: { id: string } | null; actor: { id: string } | null }) =>
          e.user?.id === bob.id || e.actor?.id === bob.id,
      ),
    ).toBe(true);
    expect(types(byBob)).toEqual(
      expect.arrayContaining([
        'enrollment_code.created',
        'enrollment_code.redeemed',
        'passkey.added',
        'sign_in.succeeded',
        'sign_out',
        'user.created',
      ]),
    );
    const byName = (await admin.get('/api/o/acme/admin/activity?username=BOB')).body.events;
    expect(byName.map((e: { id: string }) => e.id)).toEqual(byBob.map((e: { id: string }) => e.id));
    expect((await admin.get('/api/o/acme/admin/activity?username=nobody')).body.events).toEqual([]);
    const issued = byBob.find((e: { type: string }) => e.type === 'enrollment_code.created');
    expect(issued).toMatchObject({ user: { username: 'bob' }, actor: { username: 'ada' } });
    const signIns = (await admin.get('/api/o/acme/admin/activity?type=sign_in.succeeded')).body.events;
    expect(signIns.map((e: { details: { method: string } }) => e.details.method)).toEqual([
      'passkey',
      'enrollment-code',
      'setup-link',
      'setup-link',
    ]);
    const onDayTwo = (await admin.get(`/api/o/acme/admin/activity?from=${dayTwo}&to=${dayTwo + DAY}`)).body.events;
    // Events of one request share their time; their order among themselves is not defined.
    expect(types(onDayTwo).sort()).toEqual([
      'enrollment_code.created',
      'enrollment_code.failed',
      'enrollment_code.redeemed',
      'passkey.added',
      'sign_in.succeeded',
      'sign_in.succeeded',
      'sign_out',
    ]);
    const times = onDayTwo.map((e: { createdAt: number }) => e.createdAt);
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(types(onDayTwo).slice(0, 2)).toEqual(['sign_in.succeeded', 'sign_out']);

    const first = (await admin.get('/api/o/acme/admin/activity?limit=3')).body;
    const second = (await admin.get(`/api/o/acme/admin/activity?limit=3&before=${first.nextCursor}`)).body;
    expect([...first.events, ...second.events].map((e: { id: string }) => e.id)).toEqual(
      all.events.slice(0, 6).map((e: { id: string }) => e.id),
    );
    for (const query of ['type=made.up', 'from=yesterday', 'userId=bob', 'limit=500', 'format=csv']) {
      expect((await admin.get(`/api/o/acme/admin/activity?${query}`)).body.error.code, query).toBe('VALIDATION_FAILED');
    }
  });

  it('exports the filtered events as CSV and JSON Lines, with no secrets', async () => {
    const { code } = (await admin.post(`/api/o/acme/admin/users/${bob.id}/enrollment-code`)).body;
    const evil = h.browser();
    evil.userAgent = '=HYPERLINK("http://evil.example")';
    await evil.post('/api/o/acme/enroll', { username: 'bob', code: 'AAA-AAA-AAA' });
    const bobsBrowser = h.browser();
    bobsBrowser.userAgent = "x;=cmd|' /C calc'!A0";
    await bobsBrowser.post('/api/o/acme/enroll', { username: 'bob', code });

    const csv = await h.app.inject({
      method: 'GET',
      url: `/api/o/acme/admin/activity/export?format=csv&userId=${bob.id}`,
      headers: { cookie: [...admin.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toMatch(/^attachment; filename="acme-activity-\d{4}-\d\d-\d\d\.csv"$/);
    const rows = parseCsv(csv.body, ',');
    expect(rows[0]).toEqual(['time', 'type', 'user', 'actor', 'method', 'ip', 'user_agent', 'details']);
    expect(
      rows
        .slice(1)
        .map((r) => r[1])
        .sort(),
    ).toEqual([
      'enrollment_code.created',
      'enrollment_code.failed',
      'enrollment_code.redeemed',
      'sign_in.succeeded',
      'user.created',
    ]);
    expect(rows.slice(1).every((r) => r[2] === 'bob')).toBe(true);
    expect(csv.body).toContain(`"'=HYPERLINK(""http://evil.example"")"`);
    expect(rows.map((r) => r[6])).toContain("x;=cmd|' /C calc'!A0");
    expect(formulaCells(csv.body)).toEqual([]);
    expect(csv.body).not.toContain(code.replace(/-/g, ''));

    const jsonl = await h.app.inject({
      method: 'GET',
      url: '/api/o/acme/admin/activity/export?format=jsonl&type=enrollment_code.failed',
      headers: { cookie: [...admin.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    expect(jsonl.headers['content-type']).toMatch(/^application\/x-ndjson/);
    const records = jsonl.body
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(records).toEqual([
      expect.objectContaining({
        type: 'enrollment_code.failed',
        user: { id: bob.id, username: 'bob' },
        userAgent: '=HYPERLINK("http://evil.example")',
      }),
    ]);
    expect((await admin.get('/api/o/acme/admin/activity/export?format=xml')).body.error.code).toBe('VALIDATION_FAILED');
    const exports = await h.deps.db
      .selectFrom('audit_events')
      .selectAll()
      .where('type', '=', 'activity.exported')
      .orderBy('created_at')
      .execute();
    expect(exports.map((e) => [e.actor_id, JSON.parse(e.details).format])).toEqual([
      [adminUser.id, 'csv'],
      [adminUser.id, 'jsonl'],
    ]);
  });

  // The console's "By" column says "Command line" for these (web/src/admin/activity/actorLabel.ts).
  it('gives an action done from the command line no actor, and via "cli" in its details', async () => {
    await orgSet(h.deps, [acme.slug, '--prompt-snooze-days', '30'], () => {});
    const { events } = (await admin.get('/api/o/acme/admin/activity?type=policy.changed')).body;
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actor: null, ip: null, details: { via: 'cli' } });
  });

  it('shows adoption now and enrolled members over time', async () => {
    const carol = await h.user({ org: acme, username: 'carol' });
    const enroll = async (user: User) => {
      const { browser } = await redeemSetupLink(h, acme, user);
      expect((await browser.addPasskey('acme')).status).toBe(200);
    };
    h.advance(DAY);
    await enroll(bob);
    h.advance(2 * DAY);
    await enroll(carol);
    const { browser: second } = await redeemSetupLink(h, acme, carol);
    await second.addPasskey('acme'); // a second passkey does not count twice
    const adoption = (await admin.get('/api/o/acme/admin/adoption')).body;
    expect(adoption).toMatchObject({ members: 3, enrolled: 2, pending: 1 });
    expect(adoption.series.map((d: { enrolled: number }) => d.enrolled)).toEqual([0, 1, 1, 2]);
    // Members as they were each day (for percentages): carol was added on the first.
    expect(adoption.series.map((d: { members: number }) => d.members)).toEqual([3, 3, 3, 3]);
    expect(adoption.series[0].day).toBe(new Date(acme.created_at).toISOString().slice(0, 10));
    expect(adoption.series.at(-1).day).toBe(new Date(h.deps.clock()).toISOString().slice(0, 10));
  });
});
