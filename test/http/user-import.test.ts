/** Issue #14: "Import users" from a CSV — preview with per-row errors, the import, who may, and the file limits. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Organisation } from '../../src/orgs/organisations.js';
import { REVERIFY_WINDOW_MS } from '../../src/sessions/sessions.js';
import { MAX_IMPORT_BYTES, MAX_IMPORT_ROWS } from '../../src/user-import/csv-file.js';
import type { User } from '../../src/users/users.js';
import { DIALECTS } from '../support/databases.js';
import { redeemSetupLink } from '../support/enroll.js';
import { createHarness, type Browser, type Harness } from '../support/harness.js';

const HEADER = 'username,email,display name,role';
const csv = (...rows: string[]) => [HEADER, ...rows].join('\r\n');
const tokenOf = (link: string) => new URL(link).hash.slice('#token='.length);

describe.each(DIALECTS)('import users from a CSV (%s)', (dialect) => {
  let h: Harness;
  let acme: Organisation;
  let ada: User;
  let admin: Browser;
  const importCsv = (body: object, browser: Browser = admin) =>
    browser.post('/api/o/acme/admin/users/import', { dryRun: false, ...body });
  const usernames = async () =>
    (
      await h.deps.db.selectFrom('users').select('username').where('org_id', '=', acme.id).orderBy('username').execute()
    ).map((u) => u.username);
  const events = async (type: string) =>
    (await h.deps.db.selectFrom('audit_events').selectAll().where('type', '=', type).execute()).map((e) => ({
      actorId: e.actor_id,
      userId: e.user_id,
      details: JSON.parse(e.details),
    }));

  beforeEach(async () => {
    h = await createHarness(dialect);
    acme = await h.org();
    ada = await h.user({ org: acme, username: 'ada', role: 'admin', email: 'ada@acme.example' });
    await h.user({ org: acme, username: 'old', email: 'old@acme.example' });
    ({ browser: admin } = await redeemSetupLink(h, acme, ada));
  });
  afterEach(() => h.close());

  const BAD_FILE = csv(
    'bob,Bob@Acme.example,Bob Builder,',
    'cy,not-an-email,,member',
    'bob,bob2@acme.example,,',
    'dee,bob@acme.example,,',
    'eve,eve@acme.example,,boss',
    'fay,fay@acme.example,,operator',
    'old,new@acme.example,,',
    'gus,old@acme.example,,',
    `hal,hal@acme.example,${'h'.repeat(101)},`,
    'ivy,ivy@acme.example,"Ivy\u0000",',
    'Jo Jo,jo@acme.example,,',
    ',nobody@acme.example,,',
    'kim,kim@acme.example',
    '"Lee",lee@acme.example,"Lee, Jr.",Editor',
    'max,,,admin',
  );

  it('previews every row with its outcome and reason, writing nothing', async () => {
    const before = await usernames();
    const preview = await admin.post('/api/o/acme/admin/users/import', { csv: BAD_FILE, dryRun: true });
    expect(preview.status).toBe(200);
    expect(preview.body.summary).toEqual({ rows: 15, create: 3, errors: 12, created: 0, enrollmentEmails: 0 });
    expect(
      preview.body.rows.map((r: { row: number; outcome: string; reason: string | null }) => [
        r.row,
        r.outcome,
        r.reason,
      ]),
    ).toEqual([
      [2, 'create', null],
      [3, 'error', 'email_invalid'],
      [4, 'error', 'duplicate_in_file'],
      [5, 'error', 'duplicate_in_file'],
      [6, 'error', 'role_invalid'],
      [7, 'error', 'role_invalid'],
      [8, 'error', 'user_exists'],
      [9, 'error', 'user_exists'],
      [10, 'error', 'too_long'],
      [11, 'error', 'control_character'],
      [12, 'error', 'username_invalid'],
      [13, 'error', 'username_missing'],
      [14, 'error', 'column_count'],
      [15, 'create', null],
      [16, 'create', null],
    ]);
    expect(preview.body.rows[0]).toMatchObject({
      username: 'bob',
      email: 'bob@acme.example',
      displayName: 'Bob Builder',
      role: 'member',
      enrollment: null,
      link: null,
    });
    expect(preview.body.rows[2].message).toBe('Same username as row 2');
    expect(preview.body.rows[3].message).toBe('Same email as row 2');
    expect(preview.body.rows[9].displayName).toBe('Ivy\uFFFD');
    expect(preview.body.rows[13]).toMatchObject({ username: 'lee', displayName: 'Lee, Jr.', role: 'editor' });
    expect(await usernames()).toEqual(before);
    expect(await events('users.imported')).toEqual([]);
  });

  it('imports error-free rows in one transaction, one event (and one per admin or editor); again, none', async () => {
    const imported = await importCsv({ csv: BAD_FILE });
    expect(imported.status).toBe(200);
    expect(imported.body.summary).toEqual({ rows: 15, create: 3, errors: 12, created: 3, enrollmentEmails: 0 });
    // Members' ids are random (UUID v4): apps see them as their sub (oidc-native.test.ts).
    const ids = await h.deps.db.selectFrom('users').select('id').where('org_id', '=', acme.id).execute();
    for (const { id } of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab]/);
    expect(await usernames()).toEqual(['ada', 'bob', 'lee', 'max', 'old']);
    const bob = await h.deps.db.selectFrom('users').selectAll().where('username', '=', 'bob').executeTakeFirstOrThrow();
    expect(bob).toMatchObject({
      email: 'bob@acme.example',
      display_name: 'Bob Builder',
      role: 'member',
      status: 'active',
    });
    expect(await events('users.imported')).toEqual([
      {
        actorId: ada.id,
        userId: null,
        details: { created: 3, skipped: 12, enrollmentEmails: 0, via: 'admin' },
      },
    ]);
    // ada and old, made by the harness; of the imported, each admin or editor is named on its own.
    const created = await events('user.created');
    expect(created).toHaveLength(4);
    const byImport = created.filter((e) => (e.details as { via?: string }).via === 'import');
    const nameOf = (e: (typeof created)[number]) => (e.details as { username: string }).username;
    expect(byImport.sort((a, b) => nameOf(a).localeCompare(nameOf(b)))).toEqual([
      { actorId: ada.id, userId: expect.any(String), details: { username: 'lee', role: 'editor', via: 'import' } },
      { actorId: ada.id, userId: expect.any(String), details: { username: 'max', role: 'admin', via: 'import' } },
    ]);
    // They are Pending users like any other: listed, with their own pages.
    const list = await admin.get('/api/o/acme/admin/users?status=pending');
    expect(list.body.users.map((u: { username: string }) => u.username)).toEqual(
      expect.arrayContaining(['bob', 'lee', 'max']),
    );

    const again = await importCsv({ csv: BAD_FILE });
    expect(again.body.summary).toMatchObject({ create: 0, created: 0 });
    expect(again.body.rows.filter((r: { reason: string }) => r.reason === 'user_exists')).toHaveLength(5);
    expect(await events('users.imported')).toHaveLength(1); // nothing created: nothing audited
  });

  it('imports in batches: 1,200 rows in one request', async () => {
    const rows = Array.from({ length: 1200 }, (_, i) => `user${i},user${i}@acme.example,User ${i},member`);
    const imported = await importCsv({ csv: csv(...rows) });
    expect(imported.status).toBe(200);
    expect(imported.body.summary).toMatchObject({ rows: 1200, create: 1200, errors: 0, created: 1200 });
    expect((await usernames()).length).toBe(1202);
    expect(await events('users.imported')).toHaveLength(1);
  });

  it("enrollment emails without SMTP: the admin gets each imported user's working link, as a handover", async () => {
    // A member's link hands out a way into an account: only after a recent verification.
    h.advance(REVERIFY_WINDOW_MS + 1);
    const file = csv('bob,bob@acme.example,Bob,', 'cy,,Cy,', 'dee,dee@acme.example,Dee,');
    const stale = await importCsv({ csv: file, sendEnrollmentEmail: true });
    expect(stale).toMatchObject({ status: 403, body: { error: { code: 'REVERIFY_REQUIRED' } } });
    // The preview needs none, and shows who would get one.
    const preview = await admin.post('/api/o/acme/admin/users/import', {
      csv: file,
      dryRun: true,
      sendEnrollmentEmail: true,
    });
    expect(preview.body.rows.map((r: { enrollment: string }) => r.enrollment)).toEqual(['email', 'no_email', 'email']);
    expect(await usernames()).toEqual(['ada', 'old']);

    ({ browser: admin } = await redeemSetupLink(h, acme, ada));
    const imported = await importCsv({ csv: file, sendEnrollmentEmail: true });
    expect(imported.status).toBe(200);
    expect(imported.body.summary).toMatchObject({ created: 3, enrollmentEmails: 2 });
    const [bobRow, cyRow, deeRow] = imported.body.rows;
    expect(cyRow).toMatchObject({ enrollment: 'no_email', link: null });
    expect(bobRow.link).toMatch(/^http:\/\/localhost:3000\/o\/acme\/setup#token=/);
    expect(deeRow.link).not.toBe(bobRow.link);
    const outbox = await h.deps.db.selectFrom('outbox').selectAll().orderBy('to_address').execute();
    expect(outbox.map((m) => [m.to_address, m.status, m.text_body, m.last_error])).toEqual([
      ['bob@acme.example', 'handed_over', null, null],
      ['dee@acme.example', 'handed_over', null, null],
    ]);
    expect(await events('users.imported')).toEqual([
      {
        actorId: ada.id,
        userId: null,
        details: {
          created: 3,
          skipped: 0,
          enrollmentEmails: 2,
          delivery: 'link given to admin (no email server)',
          via: 'admin',
        },
      },
    ]);
    // One event for the action, none per mail; no token anywhere in the database.
    expect(await events('enrollment_email.handed_over')).toEqual([]);
    const stored = JSON.stringify([outbox, await h.deps.db.selectFrom('audit_events').selectAll().execute()]);
    expect(stored).not.toContain(tokenOf(bobRow.link));
    const bob = h.browser();
    const opened = await bob.post('/api/o/acme/setup', { token: tokenOf(bobRow.link) });
    expect(opened).toMatchObject({ status: 200, body: { user: { username: 'bob' } } });
    // The user's page shows the handover, not a failure.
    const page = await admin.get(`/api/o/acme/admin/users/${opened.body.user.id}`);
    expect(page.body.emails).toEqual([expect.objectContaining({ state: 'handed_over', lastError: null })]);
  });

  it('sends users the rollout does not reach the email to choose a password', async () => {
    await h.deps.db.updateTable('organisations').set({ rollout: 'admins' }).where('id', '=', acme.id).execute();
    const imported = await importCsv({
      csv: csv('bob,bob@acme.example,,member', 'ann,ann@acme.example,,admin'),
      sendEnrollmentEmail: true,
    });
    expect(imported.body.rows.map((r: { enrollment: string }) => r.enrollment)).toEqual(['email', 'email']);
    expect(imported.body.summary.enrollmentEmails).toBe(2);
    const subjects = await h.deps.db
      .selectFrom('outbox')
      .select(['to_address', 'subject'])
      .orderBy('to_address')
      .execute();
    expect(subjects).toEqual([
      { to_address: 'ann@acme.example', subject: 'Set up your passkey for Acme' },
      { to_address: 'bob@acme.example', subject: 'Set up your account for Acme' },
    ]);
  });

  it('refuses files it cannot read, too large or too long, with a coded error and nothing written', async () => {
    const before = await usernames();
    for (const [file, code, status] of [
      ['email,role\nbob@acme.example,member', 'IMPORT_INVALID', 400],
      ['username,shoe size\nbob,44', 'IMPORT_INVALID', 400],
      ['username,username\nbob,bob', 'IMPORT_INVALID', 400],
      [HEADER, 'IMPORT_INVALID', 400],
      [`${HEADER}\n"bob,bob@acme.example,,`, 'IMPORT_INVALID', 400],
      [csv(...Array.from({ length: MAX_IMPORT_ROWS + 1 }, (_, i) => `u${i}`)), 'IMPORT_TOO_LARGE', 413],
      [csv(`bob,bob@acme.example,${'x'.repeat(MAX_IMPORT_BYTES)},`), 'IMPORT_TOO_LARGE', 413],
      [csv(`bob,bob@acme.example,${'"'.repeat(3 * 1024 * 1024)},`), 'PAYLOAD_TOO_LARGE', 413],
    ] as const) {
      for (const dryRun of [true, false]) {
        const answer = await importCsv({ csv: file, dryRun });
        expect([file.slice(0, 40), answer.status, answer.body.error.code]).toEqual([file.slice(0, 40), status, code]);
      }
    }
    expect((await importCsv({ csv: '' })).body.error.code).toBe('VALIDATION_FAILED');
    expect((await importCsv({ csv: csv('bob'), extra: 1 })).body.error.code).toBe('VALIDATION_FAILED');
    expect(await usernames()).toEqual(before);
    expect(await events('users.imported')).toEqual([]);
  });

  it('reads semicolon-separated files and a byte-order mark, as spreadsheets save them', async () => {
    const imported = await importCsv({ csv: '\uFEFFUsername;E-mail;Name;Role\nbob;bob@acme.example;Bob, B.;member' });
    expect(imported.body.rows).toEqual([
      expect.objectContaining({
        username: 'bob',
        email: 'bob@acme.example',
        displayName: 'Bob, B.',
        outcome: 'create',
      }),
    ]);
  });

  it("never gives a role above the admin's own: an admin of the platform cannot import operators", async () => {
    const platform = await h.org('platform', 'Platform');
    const pat = await h.user({ org: platform, username: 'pat', role: 'admin' });
    const { browser } = await redeemSetupLink(h, platform, pat);
    const preview = await browser.post('/api/o/platform/admin/users/import', {
      csv: csv('olga,,,operator', 'amy,,,admin'),
      dryRun: true,
    });
    expect(preview.body.rows.map((r: { reason: string | null }) => r.reason)).toEqual(['role_forbidden', null]);
  });
});

describe.each(DIALECTS)('who may import users and send enrollment emails in bulk (%s)', (dialect) => {
  let h: Harness;
  afterEach(() => h.close());

  it("refuses members, editors, other organisations' admins and the operator, writing nothing", async () => {
    h = await createHarness(dialect);
    const acme = await h.org();
    const ada = await h.user({ org: acme, username: 'ada', role: 'admin' });
    const bob = await h.user({ org: acme, username: 'bob', email: 'bob@acme.example' });
    const ed = await h.user({ org: acme, username: 'ed', role: 'editor' });
    const globex = await h.org('globex', 'Globex');
    const gina = await h.user({ org: globex, username: 'gina', role: 'admin' });
    const platform = await h.org('platform', 'Platform');
    const op = await h.user({ org: platform, username: 'op', role: 'operator' });
    await redeemSetupLink(h, acme, ada);
    const { browser: member } = await redeemSetupLink(h, acme, bob);
    const { browser: editor } = await redeemSetupLink(h, acme, ed);
    const { browser: otherAdmin } = await redeemSetupLink(h, globex, gina);
    const { browser: operator } = await redeemSetupLink(h, platform, op);
    const snapshot = async () =>
      JSON.stringify([
        await h.deps.db.selectFrom('users').selectAll().orderBy('id').execute(),
        await h.deps.db.selectFrom('outbox').selectAll().execute(),
        await h.deps.db.selectFrom('enrollment_links').select('id').orderBy('id').execute(),
      ]);
    const before = await snapshot();
    const requests: Array<[string, object]> = [
      [
        '/api/o/acme/admin/users/import',
        { csv: csv('zed,zed@acme.example,,'), dryRun: false, sendEnrollmentEmail: true },
      ],
      ['/api/o/acme/admin/users/import', { csv: csv('zed,zed@acme.example,,'), dryRun: true }],
      ['/api/o/acme/admin/users/enrollment-emails', { userIds: [bob.id] }],
    ];
    for (const [url, body] of requests) {
      for (const [who, browser, status, code] of [
        ['member', member, 403, 'FORBIDDEN'],
        ['editor', editor, 403, 'FORBIDDEN'],
        ['other org admin', otherAdmin, 401, 'UNAUTHENTICATED'],
        ['operator', operator, 401, 'UNAUTHENTICATED'],
        ['nobody', h.browser(), 401, 'UNAUTHENTICATED'],
      ] as const) {
        const answer = await browser.post(url, body);
        expect([who, url, answer.status, answer.body.error.code]).toEqual([who, url, status, code]);
      }
      // In their own organisation, acme's users do not exist.
      if (url.endsWith('enrollment-emails')) {
        const own = await otherAdmin.post(url.replace('/o/acme/', '/o/globex/'), body);
        expect(own.body.results).toEqual([
          { userId: bob.id, username: null, outcome: 'skipped', reason: 'not_found', email: null, setsUp: null },
        ]);
      }
    }
    expect(await snapshot()).toBe(before);
  });
});
