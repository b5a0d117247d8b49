import { AppError } from '../errors.js';
import type { Language } from '../orgs/languages.js';

export const PLACEHOLDERS = ['{{name}}', '{{link}}', '{{organisation}}', '{{expires}}', '{{username}}'] as const;
type Placeholder = (typeof PLACEHOLDERS)[number];
export type TemplateValues = Record<Placeholder, string>;

export interface TemplateText {
  subject: string;
  body: string;
}

export const LIMITS = { name: 100, subject: 200, body: 10_000 } as const;

/**
 * Refuses a template that mentions an unknown placeholder, has no {{link}} (the mail would be useless)
 * or has one inside other text.
 */
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
  // The one-time link is a way into the member's account: inside another address
  // (https://evil.example/start#{{link}}) it would take the member, link and all, to someone else's page.
  if (!linksStandAlone(text.body)) throw invalid('body', LINK_APART);
}

const LINK_APART =
  '{{link}} must stand apart from other text: a space or line break on each side (brackets, quotes and punctuation ' +
  'after it are fine)';

/**
 * Whether every {{link}} stands apart: before it the text's start, a space or a line break, or a bracket or quote
 * that itself follows one (what comes before a link could make it part of another address, an opening bracket too:
 * `?next=({{link}})`); after it the same or punctuation (the link ends with its token in a fragment: what follows
 * cannot take it elsewhere, and "Open {{link}}." is how people write).
 */
function linksStandAlone(body: string): boolean {
  // A visible space or a line break: not an invisible format character (U+FEFF, U+200B), which JavaScript's \s
  // counts as space but link finders read as part of the address.
  const space = (c: string | undefined) => c === undefined || /[\p{Zs}\t\r\n]/u.test(c);
  const opening = (c: string | undefined) => c !== undefined && /[(<["'\u201c\u2018]/u.test(c);
  const after = (c: string | undefined) => space(c) || /[)>\]"'\u201d\u2019.,;:!?]/u.test(c!);
  return [...body.matchAll(PLACEHOLDER)].every((m) => {
    if (canonical(m[1]!) !== '{{link}}') return true;
    const before = body[m.index - 1];
    return (space(before) || (opening(before) && space(body[m.index - 2]))) && after(body[m.index + m[0].length]);
  });
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

// Made once per language: building a formatter per call costs about a millisecond, which 10,000 imported
// users' emails feel.
const EXPIRY_FORMATS = new Map<string, { date: Intl.DateTimeFormat; time: Intl.DateTimeFormat }>();

function expiryFormat(language: Language) {
  let format = EXPIRY_FORMATS.get(language);
  if (!format) {
    // en-GB rather than en-US: "1 December 2026", the day first as in the other three languages.
    const locale = language === 'en' ? 'en-GB' : language;
    format = {
      date: new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
      time: new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' }),
    };
    EXPIRY_FORMATS.set(language, format);
  }
  return format;
}

/** "1 December 2026, 19:07 UTC" ("1 décembre 2026, 19:07 UTC"): unambiguous wherever the reader is. */
export function formatExpiry(epochMs: number, language: Language = 'en'): string {
  const d = new Date(epochMs);
  const { date, time } = expiryFormat(language);
  return `${date.format(d)}, ${time.format(d)} UTC`;
}
