import { AppError } from '../errors.js';

export const PLACEHOLDERS = ['{{name}}', '{{link}}', '{{organisation}}', '{{expires}}', '{{username}}'] as const;
type Placeholder = (typeof PLACEHOLDERS)[number];
export type TemplateValues = Record<Placeholder, string>;

export interface TemplateText {
  subject: string;
  body: string;
}

/** The default enrollment email: plain text, says what a passkey is, what to do and until when. */
export const BUILT_IN_TEMPLATE = {
  name: 'Built-in: Set up your passkey',
  subject: 'Set up your passkey for {{organisation}}',
  body: [
    'Hello {{name}},',
    '',
    '{{organisation}} signs you in with a passkey: your device unlock method, such as Face ID, fingerprint, Windows Hello, passcode, or PIN. Your fingerprint, face and PIN never leave your device.',
    '',
    'Open this link on the device you want to sign in with, and create your passkey:',
    '{{link}}',
    '',
    'The link works once and expires on {{expires}}. Your username is {{username}}.',
    '',
    'If you did not expect this email, ignore it and tell your administrator.',
  ].join('\n'),
} as const;

export const LIMITS = { name: 100, subject: 200, body: 10_000 } as const;

/** Refuses a template that mentions an unknown placeholder or has no {{link}} (the mail would be useless). */
export function validateTemplate(text: TemplateText): void {
  const subject = text.subject.trim();
  if (subject.length === 0 || subject.length > LIMITS.subject)
    throw invalid('subject', `1 to ${LIMITS.subject} characters`);
  if (/[\r\n]/.test(subject)) throw invalid('subject', 'one line');
  if (text.body.trim().length === 0 || text.body.length > LIMITS.body)
    throw invalid('body', `1 to ${LIMITS.body} characters`);
  // Plain text: line breaks and tabs, but no other control characters (PostgreSQL refuses NUL outright).
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(subject + text.body))
    throw invalid(/[\u0000-\u001f\u007f]/.test(subject) ? 'subject' : 'body', 'no control characters');
  for (const [field, value] of [
    ['subject', subject],
    ['body', text.body],
  ] as const) {
    for (const name of placeholdersIn(value)) {
      if (!(PLACEHOLDERS as readonly string[]).includes(name))
        throw invalid(field, `unknown placeholder ${name.slice(0, 40)}; use ${PLACEHOLDERS.join(', ')}`);
    }
  }
  if (placeholdersIn(subject).includes('{{link}}')) throw invalid('subject', 'the {{link}} belongs in the body');
  if (!placeholdersIn(text.body).includes('{{link}}')) throw invalid('body', 'must contain {{link}}');
}

// One pass with no nested repetition: an admin's text cannot make the regex backtrack for minutes.
const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;
const canonical = (inner: string) => `{{${inner.trim()}}}`;

/** The placeholders a text uses, as `{{name}}` (spaces inside the braces do not count). */
function placeholdersIn(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => canonical(m[1]!));
}

function invalid(field: string, rule: string): AppError {
  return new AppError('TEMPLATE_INVALID', { details: { field, rule } });
}

/** Fills in the placeholders. The values are plain text (the mail is text/plain), so nothing needs escaping. */
export function renderTemplate(text: TemplateText, values: TemplateValues): TemplateText {
  const fill = (s: string) =>
    s.replace(PLACEHOLDER, (match, inner: string) => values[canonical(inner) as Placeholder] ?? match);
  // A display name with a line break must not add header lines to the subject.
  return { subject: fill(text.subject.trim()).replace(/[\r\n]+/g, ' '), body: fill(text.body) };
}

// Made once: building a formatter per call costs about a millisecond, which 10,000 imported users' emails feel.
const EXPIRY_DATE = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});
const EXPIRY_TIME = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });

/** "1 December 2026, 19:07 UTC": unambiguous wherever the reader is. */
export function formatExpiry(epochMs: number): string {
  const d = new Date(epochMs);
  return `${EXPIRY_DATE.format(d)}, ${EXPIRY_TIME.format(d)} UTC`;
}
