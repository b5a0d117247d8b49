import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderTemplate, validateTemplate } from '../../src/mail/templates.js';
import { DIALECTS } from '../support/databases.js';
import { redeemSetupLink } from '../support/enroll.js';
import { createHarness, type Browser, type Harness } from '../support/harness.js';

const values = {
  '{{name}}': 'Ann\r\nBcc: x@evil.example',
  '{{link}}': 'L',
  '{{organisation}}': 'O',
  '{{expires}}': 'E',
  '{{username}}': 'ann',
};

describe('email template rendering', () => {
  it('fills every placeholder, tolerates spaces inside braces, and keeps the subject on one line', () => {
    expect(
      renderTemplate(
        { subject: 'Hi {{ name }}', body: '{{link}} {{organisation}} {{expires}} {{username}} {{name}}' },
        values,
      ),
    ).toEqual({
      subject: 'Hi Ann Bcc: x@evil.example',
      body: 'L O E ann Ann\r\nBcc: x@evil.example',
    });
  });

  it('refuses unknown placeholders, a missing {{link}}, and a link in the subject', () => {
    expect(() => validateTemplate({ subject: 'Hi {{fullname}}', body: '{{link}}' })).toThrow(
      expect.objectContaining({ code: 'TEMPLATE_INVALID', details: expect.objectContaining({ field: 'subject' }) }),
    );
    expect(() => validateTemplate({ subject: 'Hi', body: 'no link here' })).toThrow(
      expect.objectContaining({ details: { field: 'body', rule: 'must contain {{link}}' } }),
    );
    expect(() => validateTemplate({ subject: '{{link}}', body: '{{link}}' })).toThrow(
      expect.objectContaining({ code: 'TEMPLATE_INVALID' }),
    );
    expect(() => validateTemplate({ subject: 'two\nlines', body: '{{link}}' })).toThrow(
      expect.objectContaining({ code: 'TEMPLATE_INVALID' }),
    );
    expect(() => validateTemplate({ subject: 'Fine', body: 'Open {{ link }}' })).not.toThrow();
    expect(() => validateTemplate({ subject: 'S', body: '{{link}} \u0000' })).toThrow(
      expect.objectContaining({ details: { field: 'body', rule: 'no control characters' } }),
    );
    expect(() => validateTemplate({ subject: 'S', body: 'Line one\r\n\tLine two {{link}}' })).not.toThrow();
  });

  // A stale admin session saved `https://evil.example/start#{{link}}` as the default: every member's one-time link
  // then went through the attacker's page. The link stands apart, so it cannot be part of another address.
  it('accepts {{link}} only apart from other text: spaces or line breaks, or the start or end, on each side', () => {
    const STANDS_APART =
      '{{link}} must stand apart from other text: a space or line break on each side (brackets, quotes and ' +
      'punctuation after it are fine)';
    for (const body of [
      'https://evil.example/start#{{link}}',
      'https://evil.example/?next={{ link }}',
      'https://evil.example/?next=({{link}})',
      'Open {{link}}/more',
      'Open {{link}}#more',
      'Fine {{link}}\nand again: x{{link}}',
      'Go.{{link}}',
      // Invisible characters are no space: a link finder reads the two addresses as one.
      'Start here: https://evil.example/start#\uFEFF{{link}}',
      'Start here: https://evil.example/start#\u200B{{link}}',
      'Start here: https://evil.example/start#(\uFEFF{{link}})',
      'Open {{link}}\u2060/more',
    ])
      expect(() => validateTemplate({ subject: 'S', body }), body).toThrow(
        expect.objectContaining({ code: 'TEMPLATE_INVALID', details: { field: 'body', rule: STANDS_APART } }),
      );
    for (const body of [
      '{{link}}',
      'Open: {{link}}',
      'Open\n{{ link }}\nsoon',
      'a {{link}} b',
      'Go\t{{link}}\r\n',
      'Open {{link}}.',
      'Open <{{link}}>, then choose a passkey.',
      'Open the link ({{link}}) today!',
      'Open "{{link}}";',
      'Open\u00a0{{link}}\u3000today',
    ])
      expect(() => validateTemplate({ subject: 'S', body }), body).not.toThrow();
  });

  // A backtracking pattern took minutes on these (the server stood still meanwhile); this test would time out.
  it('reads the longest texts allowed, of the shapes that make patterns backtrack', () => {
    for (const body of [
      `{{${' '.repeat(9_990)}`,
      '{{'.repeat(4_990),
      `{{link}}${'{{ }'.repeat(2_490)}}}`,
      `{{link}}{{${'\n'.repeat(9_980)}}}`,
    ]) {
      expect(() => validateTemplate({ subject: 'S', body }), body.slice(0, 12)).toThrow(
        expect.objectContaining({ code: 'TEMPLATE_INVALID' }),
      );
      expect(renderTemplate({ subject: 'S', body }, values).body.length).toBeGreaterThan(0);
    }
  });
});

describe.each(DIALECTS)('email templates (%s)', (dialect) => {
  let h: Harness;
  let admin: Browser;
  beforeEach(async () => {
    h = await createHarness(dialect);
    const acme = await h.org();
    ({ browser: admin } = await redeemSetupLink(
      h,
      acme,
      await h.user({ org: acme, username: 'ada', displayName: 'Ada', role: 'admin' }),
    ));
  });
  afterEach(() => h.close());

  it('lists the built-in default, creates, edits, previews, chooses a default and deletes, each audited', async () => {
    const initial = await admin.get('/api/o/acme/admin/email-templates');
    expect(initial.body).toMatchObject({
      defaultTemplateId: null,
      templates: [],
      placeholders: ['{{name}}', '{{link}}', '{{organisation}}', '{{expires}}', '{{username}}'],
    });
    expect(initial.body.builtIn.body).toContain('{{link}}');
    expect(initial.body.builtIn.language).toBe('en');

    const created = await admin.post('/api/o/acme/admin/email-templates', {
      name: 'Onboarding',
      subject: 'Welcome {{name}}',
      body: 'Go: {{link}}',
    });
    expect(created.status).toBe(200);
    const id = created.body.template.id;
    expect(
      (await admin.post('/api/o/acme/admin/email-templates', { name: 'Onboarding', subject: 'x', body: '{{link}}' }))
        .body.error.code,
    ).toBe('TEMPLATE_EXISTS');
    const edited = await admin.put(`/api/o/acme/admin/email-templates/${id}`, {
      name: 'Onboarding v2',
      subject: 'Welcome, {{name}}',
      body: 'Go to {{link}} before {{expires}}',
    });
    expect(edited.body.template).toMatchObject({ name: 'Onboarding v2', subject: 'Welcome, {{name}}' });

    const preview = await admin.post('/api/o/acme/admin/email-templates/preview', {
      subject: 'Welcome, {{name}}',
      body: 'Go to {{link}} at {{organisation}}',
    });
    expect(preview.body).toEqual({
      subject: 'Welcome, Ada',
      body: 'Go to http://localhost:3000/o/acme/setup#token=sample-one-time-token at Acme',
    });

    expect((await admin.put('/api/o/acme/admin/email-templates/default', { templateId: id })).status).toBe(200);
    expect((await admin.get('/api/o/acme/admin/email-templates')).body.defaultTemplateId).toBe(id);
    expect((await admin.delete(`/api/o/acme/admin/email-templates/${id}`)).status).toBe(200);
    expect((await admin.get('/api/o/acme/admin/email-templates')).body).toMatchObject({
      defaultTemplateId: null,
      templates: [],
    });
    const types = (
      await h.deps.db
        .selectFrom('audit_events')
        .select(['type', 'actor_id'])
        .where('type', 'like', 'email_template.%')
        .execute()
    ).map((e) => e.type);
    expect(types.sort()).toEqual([
      'email_template.created',
      'email_template.default_changed',
      'email_template.deleted',
      'email_template.updated',
    ]);
  });

  it('a bad template gets TEMPLATE_INVALID naming the field and rule; an unknown id TEMPLATE_NOT_FOUND', async () => {
    for (const [body, field] of [
      [{ name: '', subject: 'S', body: '{{link}}' }, 'name'],
      [{ name: 'N', subject: '', body: '{{link}}' }, 'subject'],
      [{ name: 'N', subject: 'S', body: 'no link' }, 'body'],
      [{ name: 'N', subject: 'S {{secret}}', body: '{{link}}' }, 'subject'],
      [{ name: 'N', subject: 'S', body: '{{link}}'.padEnd(10_001, 'x') }, 'body'],
      [{ name: 'N\u0000', subject: 'S', body: '{{link}}' }, 'name'],
      [{ name: 'N', subject: 'S', body: '{{link}}\u0000' }, 'body'],
    ] as const) {
      const response = await admin.post('/api/o/acme/admin/email-templates', body);
      expect(response.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(response.body.error).toMatchObject({ code: 'TEMPLATE_INVALID', details: { field } });
    }
    expect((await admin.post('/api/o/acme/admin/email-templates', { name: 'N', subject: 'S' })).body.error.code).toBe(
      'VALIDATION_FAILED',
    );
    expect(
      (await admin.post('/api/o/acme/admin/email-templates/preview', { subject: 'S', body: 'none' })).body.error.code,
    ).toBe('TEMPLATE_INVALID');
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect(
      (await admin.put(`/api/o/acme/admin/email-templates/${unknown}`, { name: 'N', subject: 'S', body: '{{link}}' }))
        .body.error.code,
    ).toBe('TEMPLATE_NOT_FOUND');
    expect((await admin.delete(`/api/o/acme/admin/email-templates/${unknown}`)).body.error.code).toBe(
      'TEMPLATE_NOT_FOUND',
    );
    expect(
      (await admin.put('/api/o/acme/admin/email-templates/default', { templateId: unknown })).body.error.code,
    ).toBe('TEMPLATE_NOT_FOUND');
    expect(await h.deps.db.selectFrom('email_templates').select('id').execute()).toEqual([]);
  });

  it('refuses a link inside another address on create, edit and preview, changing nothing', async () => {
    const evil = { name: 'Evil', subject: 'S', body: 'Start here: https://evil.example/start#{{link}}' };
    const made = await admin.post('/api/o/acme/admin/email-templates', {
      name: 'Good',
      subject: 'S',
      body: '{{link}}',
    });
    for (const refused of [
      await admin.post('/api/o/acme/admin/email-templates', evil),
      await admin.put(`/api/o/acme/admin/email-templates/${made.body.template.id}`, evil),
      await admin.post('/api/o/acme/admin/email-templates/preview', { subject: evil.subject, body: evil.body }),
    ]) {
      expect(refused.status).toBe(400);
      expect(refused.body.error).toMatchObject({ code: 'TEMPLATE_INVALID', details: { field: 'body' } });
    }
    expect((await admin.get('/api/o/acme/admin/email-templates')).body.templates).toMatchObject([
      { name: 'Good', body: '{{link}}' },
    ]);
  });

  it('records what an edit changed: the subject and body as {from, to}, a new name beside the old one', async () => {
    const made = await admin.post('/api/o/acme/admin/email-templates', {
      name: 'Onboarding',
      subject: 'Welcome',
      body: 'Go:\n{{link}}',
    });
    const id = made.body.template.id;
    await admin.put(`/api/o/acme/admin/email-templates/${id}`, {
      name: 'Onboarding',
      subject: 'Hello',
      body: 'Go:\n{{link}}',
    });
    await admin.put(`/api/o/acme/admin/email-templates/${id}`, {
      name: 'Welcome',
      subject: 'Hello',
      body: 'Now: {{link}}',
    });
    const details = async (type: string) =>
      (
        await h.deps.db
          .selectFrom('audit_events')
          .select('details')
          .where('type', '=', type)
          .orderBy('created_at')
          .execute()
      ).map((e) => JSON.parse(e.details));
    expect(await details('email_template.created')).toEqual([
      { templateId: id, name: 'Onboarding', subject: 'Welcome', body: 'Go:\n{{link}}' },
    ]);
    expect(await details('email_template.updated')).toEqual([
      { templateId: id, name: 'Onboarding', subject: { from: 'Welcome', to: 'Hello' } },
      {
        templateId: id,
        name: 'Welcome',
        previousName: 'Onboarding',
        body: { from: 'Go:\n{{link}}', to: 'Now: {{link}}' },
      },
    ]);
  });

  it("keeps each organisation's templates to itself", async () => {
    const created = await admin.post('/api/o/acme/admin/email-templates', {
      name: 'Mine',
      subject: 'S',
      body: '{{link}}',
    });
    const globex = await h.org('globex', 'Globex');
    const { browser: other } = await redeemSetupLink(
      h,
      globex,
      await h.user({ org: globex, username: 'gina', role: 'admin' }),
    );
    expect((await other.get('/api/o/globex/admin/email-templates')).body.templates).toEqual([]);
    expect(
      (await other.delete(`/api/o/globex/admin/email-templates/${created.body.template.id}`)).body.error.code,
    ).toBe('TEMPLATE_NOT_FOUND');
    expect(
      (await other.put('/api/o/globex/admin/email-templates/default', { templateId: created.body.template.id })).body
        .error.code,
    ).toBe('TEMPLATE_NOT_FOUND');
  });
});
