import i18next from 'i18next';

// A field the server refused (it names the field and its rule in English), said in the person's language with what
// the field takes. Forms with fields of their own (apps, templates, mobile apps) say it themselves.
const INVALID_FIELDS = {
  username: 'common:invalidUsername',
  displayName: 'common:invalidDisplayName',
  email: 'common:invalidEmail',
  name: 'common:invalidName',
  password: 'common:invalidPassword',
  redirectUris: 'common:invalidRedirectUris',
} as const;

/** The words for a VALIDATION_FAILED whose field has some; undefined for any other. */
export function invalidField(details: Record<string, unknown> | undefined): string | undefined {
  if (typeof details?.field !== 'string') return undefined;
  // `body/redirectUris/0` (the request's schema) or `username` (a rule of the domain).
  const name = details.field.replace(/^(body|querystring|params)\//, '').split('/')[0]!;
  if (!Object.hasOwn(INVALID_FIELDS, name)) return undefined;
  return i18next.t(INVALID_FIELDS[name as keyof typeof INVALID_FIELDS]);
}

/** Why a CSV file was refused (IMPORT_INVALID's details: the header's column, or the row, and the rule). */
export function importProblem(details: Record<string, unknown> | undefined): string | undefined {
  const { column, row, rule } = details ?? {};
  if (rule === 'unknown column') return i18next.t('common:importUnknownColumn', { column });
  if (rule === 'column named twice') return i18next.t('common:importColumnTwice', { column });
  if (rule === 'no user rows') return i18next.t('common:importNoRows');
  if (rule === 'the header has no username column') return i18next.t('common:importNoUsername');
  if (typeof row === 'number' && typeof rule === 'string') return i18next.t('common:importBadRow', { row, rule });
  return undefined;
}
