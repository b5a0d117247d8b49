/**
 * Rules for the docs' sizes, counts and ranges (test/docs-numbers.test.ts): users and rows per import, bytes,
 * apps and fingerprints, and the bounds an administrator's setting must lie in, read from the route schemas.
 */
import { PutAdminSettingsEnrollment } from '../../src/enrollment/schemas.js';
import { AppSettings } from '../../src/oidc/schemas.js';
import { MAX_APPS, MAX_FINGERPRINTS } from '../../src/orgs/mobile-apps.js';
import { ED25519_KEY_BYTES } from '../../src/passkeys/key-checks.js';
import { MAX_IMPORT_ROWS } from '../../src/user-import/csv-file.js';
import { MAX_IMPORT_BYTES } from '../../src/user-import/schemas.js';
import { AUDIT_PRUNE_BATCH } from '../../src/audit/prune-audit.js';
import { EXPIRED_SESSION_KEEP_DAYS, SESSION_PRUNE_BATCH } from '../../src/sessions/prune-sessions.js';
import { LOG_BATCH_BYTES, LOG_FLUSH_MS } from '../../src/http/log-stream.js';
import { COMPRESS_FROM_BYTES } from '../../src/http/compress.js';
import { LOGIN_HINT_MAX } from '../../src/oidc/hints.js';
import { configBounds, field, orgs, product, read } from './number-sources.js';
import type { Rule } from './number-rules-product.js';

const MIB = 1024 * 1024;
const { codeSeconds, linkDays } = PutAdminSettingsEnrollment.body.properties;
const codeDefault = field(orgs, 'enrollment_code_seconds');
const linkDefault = field(orgs, 'enrollment_link_days');
const importBodyMiB = product(/bodyLimit: ([\d *]+),/.exec(read('src/http/routes/admin-user-import.ts'))![1]!) / MIB;
const argon2MiB = product(/memoryCost: ([\d_]+)/.exec(read('src/passwords/passwords.ts'))![1]!) / 1024;
const userHandleBytes = Number(/webauthn_user_id: randomBytes\((\d+)\)/.exec(read('src/users/users.ts'))![1]);

export const limitRules: Rule[] = [
  // The login_hint an app sends is shown back only when it reads as a username or address.
  {
    pattern: /or over (\d+) characters, is ignored/g,
    values: [LOGIN_HINT_MAX],
    source: 'LOGIN_HINT_MAX (src/oidc/hints.ts)',
  },
  // Request logs are written in batches.
  {
    pattern: /in batches \((\d+) KiB, or every (\d+) ms when it/g,
    values: [LOG_BATCH_BYTES / 1024, LOG_FLUSH_MS],
    source: 'LOG_BATCH_BYTES and LOG_FLUSH_MS (src/http/log-stream.ts)',
  },
  // Large admin and operator answers are compressed.
  {
    pattern: /answers of (\d+) KiB or more go out/g,
    values: [COMPRESS_FROM_BYTES / 1024],
    source: 'COMPRESS_FROM_BYTES (src/http/compress.ts)',
  },
  // An organisation's enrollment settings: the default and the range its route accepts.
  {
    pattern: /\| (\d+) seconds by default \((\d+) to (\d+)/g,
    values: [codeDefault, codeSeconds.minimum!, codeSeconds.maximum!],
    source: 'enrollment_code_seconds and codeSeconds (src/enrollment/schemas.ts)',
  },
  {
    pattern: /within (\d+) seconds by default \((\d+) to (\d+), set per organisation/g,
    values: [null, codeSeconds.minimum!, codeSeconds.maximum!],
    source: 'codeSeconds (src/enrollment/schemas.ts); the default has its own rule',
  },
  {
    pattern: /"9-character code valid for \(seconds\)", (\d+) to (\d+), (\d+) by default/g,
    values: [codeSeconds.minimum!, codeSeconds.maximum!, codeDefault],
    source: 'codeSeconds (src/enrollment/schemas.ts), enrollment_code_seconds',
  },
  {
    pattern: /(?:\| |validity: |link validity \()(\d+) days by default,? \(?(\d+) to (\d+)/g,
    values: [linkDefault, linkDays.minimum!, linkDays.maximum!],
    source: 'enrollment_link_days and linkDays (src/enrollment/schemas.ts)',
  },
  {
    pattern: /"Enrollment email link valid for \(days\)", (\d+) to (\d+), (\d+) by default/g,
    values: [linkDays.minimum!, linkDays.maximum!, linkDefault],
    source: 'linkDays (src/enrollment/schemas.ts), enrollment_link_days',
  },
  {
    pattern: /\(`SETUP_LINK_DAYS`, (\d+) to (\d+)\)/g,
    values: [configBounds.get('SETUP_LINK_DAYS')!.min, configBounds.get('SETUP_LINK_DAYS')!.max],
    source: 'SETUP_LINK_DAYS bounds (src/config.ts)',
  },
  // Apps.
  {
    pattern: /Redirect URIs\*\* \((\d+) to (\d+)/g,
    values: [AppSettings.redirectUris.minItems!, AppSettings.redirectUris.maxItems!],
    source: 'AppSettings.redirectUris (src/oidc/schemas.ts)',
  },
  { pattern: /more than (\d+) apps of a kind/g, values: [MAX_APPS], source: 'MAX_APPS (src/orgs/mobile-apps.ts)' },
  {
    pattern: /one per line, (\d+) to (\d+) per app/g,
    values: [1, MAX_FINGERPRINTS],
    source: 'at least one (src/orgs/mobile-apps.ts refuses none), MAX_FINGERPRINTS',
  },
  {
    pattern: /more than (\d+) fingerprints for an app/g,
    values: [MAX_FINGERPRINTS],
    source: 'MAX_FINGERPRINTS (src/orgs/mobile-apps.ts)',
  },
  // Importing users.
  {
    pattern: /At most ([\d,]+) users and (\d+) MB per file/g,
    values: [MAX_IMPORT_ROWS, MAX_IMPORT_BYTES / MIB],
    source: 'MAX_IMPORT_ROWS, MAX_IMPORT_BYTES',
  },
  {
    pattern: /import at most ([\d,]+) users \((\d+) MB\)/g,
    values: [MAX_IMPORT_ROWS, MAX_IMPORT_BYTES / MIB],
    source: 'MAX_IMPORT_ROWS, MAX_IMPORT_BYTES',
  },
  {
    pattern: /the CSV is over (\d+) MiB or has more than ([\d,]+) user rows/g,
    values: [MAX_IMPORT_BYTES / MIB, MAX_IMPORT_ROWS],
    source: 'MAX_IMPORT_BYTES, MAX_IMPORT_ROWS',
  },
  {
    pattern: /\(Import users: over (\d+) MiB\)/g,
    values: [importBodyMiB],
    source: 'the import route bodyLimit (src/http/routes/admin-user-import.ts)',
  },
  // Bytes and memory.
  { pattern: /Ed25519 key that is not (\d+) bytes/g, values: [ED25519_KEY_BYTES], source: 'ED25519_KEY_BYTES' },
  {
    pattern: /random (\d+)-byte WebAuthn user handle/g,
    values: [userHandleBytes],
    source: 'webauthn_user_id (src/users/users.ts)',
  },
  {
    pattern: /(?:argon2id: |argon2id \(|plus |takes )(\d+) MiB/g,
    values: [argon2MiB],
    source: 'ARGON2_OPTIONS.memoryCost (src/passwords/passwords.ts)',
  },
  { pattern: /Node's (?:limit \()?(\d+) KiB/g, values: [null], source: "Node's own header limit, not Latchkey's" },
  {
    pattern: /about (\d+) MiB resident per instance/g,
    values: [null],
    source: 'a measurement (docs/performance.md)',
  },
  { pattern: /(\d+) MiB per instance is ample/g, values: [null], source: 'advice, not a setting' },
  {
    pattern: /heap's old generation at (\d+) MiB/g,
    values: [Number(/--max-old-space-size=(\d+)/.exec(read('bin/latchkey.js'))![1])],
    source: 'the flags of bin/latchkey.js',
  },
  { pattern: /\(about (\d+) MiB resident at/g, values: [null], source: 'a measurement (docs/performance.md)' },
  {
    pattern: /stays fast at ([\d,]+) users and/g,
    values: [null],
    source: 'a measurement (docs/performance.md)',
  },
  { pattern: /\*\*([\d,]+) rows per statement\*\*/g, values: [AUDIT_PRUNE_BATCH], source: 'AUDIT_PRUNE_BATCH' },
  {
    pattern: /expired more than (\d+) days ago/g,
    values: [EXPIRED_SESSION_KEEP_DAYS],
    source: 'EXPIRED_SESSION_KEEP_DAYS (src/sessions/prune-sessions.ts)',
  },
  { pattern: /in statements of ([\d,]+) rows/g, values: [SESSION_PRUNE_BATCH], source: 'SESSION_PRUNE_BATCH' },
];
