/**
 * Every number the docs (README.md, docs/*.md) state about a lifetime or a limit — "expires after 60
 * seconds", "5 wrong entries", "9-character code", "24 hours" — is the one the code uses. A table of
 * phrases gives each number its source: a configuration default (src/config.ts) or a constant read from
 * the code. A number with a unit that no phrase explains fails the test, so a new one must be added here.
 * docs/performance.md is left out: its numbers are measurements, not settings.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { CHALLENGE_TTL_MS } from '../src/passkeys/challenges.js';
import { MAX_CREDENTIAL_ID_BYTES } from '../src/passkeys/key-checks.js';
import { REVERIFY_WINDOW_MS } from '../src/sessions/sessions.js';
import { READINESS_TIMEOUT_MS } from '../src/http/readiness.js';
import { CODE_LENGTH, CODE_ALPHABET } from '../src/device-link/code.js';
import { DEVICE_LINK_TTL_MS } from '../src/device-link/device-links.js';
import { ENROLLMENT_CODE_LENGTH } from '../src/enrollment/enrollment-code.js';
import { ENROLLMENT_CODE_ATTEMPTS } from '../src/enrollment/enrollment-codes.js';
import { MAX_ATTEMPTS as MAIL_ATTEMPTS } from '../src/mail/outbox.js';
import { LIMITS as TEMPLATE_LIMITS } from '../src/mail/templates.js';
import { RETIRED_KEY_KEEP_MS } from '../src/oidc/keys.js';
import { PASSWORD_MAX, PASSWORD_MIN } from '../src/passwords/passwords.js';
import { TRUSTED_DEVICE_DAYS } from '../src/passwords/trusted-devices.js';

const root = path.resolve(import.meta.dirname, '..');
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');

/** `const NAME = 15 * 60 * 1000;` (exported or not) in a source file, evaluated. */
function constant(file: string, name: string): number {
  const match = new RegExp(`\\bconst ${name} = ([\\d_ *]+);`).exec(read(file));
  if (!match) throw new Error(`${file} has no constant ${name}`);
  return product(match[1]!);
}

/** `key: 60 * 60,` in a source file (an object literal's field), evaluated. */
function field(file: string, key: string): number {
  const match = new RegExp(`\\b${key}: ([\\d_ *]+),`).exec(read(file));
  if (!match) throw new Error(`${file} has no field ${key}`);
  return product(match[1]!);
}

const product = (expression: string) =>
  expression.split('*').reduce((total, factor) => total * Number(factor.replaceAll('_', '').trim()), 1);

/** The database settings src/db/database.ts gives the pool and SQLite, in seconds and connections. */
const databaseSource = read('src/db/database.ts');
const database = {
  connectionTimeout: Number(/connectionTimeoutMillis: (\d+)/.exec(databaseSource)![1]) / 1000,
  poolSize: Number(/\bmax: (\d+)/.exec(databaseSource)![1]),
  busyTimeout: Number(/busy_timeout = (\d+)/.exec(databaseSource)![1]) / 1000,
};
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const config = loadConfig({}, '/nonexistent');
const orgs = 'src/orgs/organisations.ts';
const deviceLinks = 'src/device-link/device-links.ts';
const enrollmentCodes = 'src/enrollment/enrollment-codes.ts';
const provider = 'src/oidc/provider.ts';
const outbox = 'src/mail/outbox.ts';

/**
 * Phrase → what its numbers must equal, in the order of the pattern's groups. `null` marks a number
 * that is not Latchkey's (an example, a proxy's setting, a measurement), with the reason in `source`.
 */
interface Rule {
  pattern: RegExp;
  values: ReadonlyArray<number | null>;
  source: string;
}

const rules: Rule[] = [
  // Codes and links.
  {
    pattern: /\b(\d+)-character (?:enrollment )?code(?! from an alphabet)/g,
    values: [ENROLLMENT_CODE_LENGTH],
    source: 'ENROLLMENT_CODE_LENGTH',
  },
  { pattern: /"(\d+)-character code valid for/g, values: [ENROLLMENT_CODE_LENGTH], source: 'ENROLLMENT_CODE_LENGTH' },
  {
    pattern: /\b(\d+) characters from the same alphabet/g,
    values: [ENROLLMENT_CODE_LENGTH],
    source: 'ENROLLMENT_CODE_LENGTH',
  },
  {
    pattern: /\b(\d+) characters from (\d+) without look-alikes/g,
    values: [ENROLLMENT_CODE_LENGTH, CODE_ALPHABET.length],
    source: 'ENROLLMENT_CODE_LENGTH, CODE_ALPHABET',
  },
  {
    pattern: /\b(\d+)-character (?:sign-in code|code from an alphabet)/g,
    values: [CODE_LENGTH],
    source: 'device-link CODE_LENGTH',
  },
  {
    pattern: /\b(\d+) characters from the same (\d+)/g,
    values: [CODE_LENGTH, CODE_ALPHABET.length],
    source: 'device-link CODE_LENGTH, CODE_ALPHABET',
  },
  { pattern: /\b(\d+) characters are few enough/g, values: [CODE_LENGTH], source: 'device-link CODE_LENGTH' },
  {
    pattern: /(?:code|it) (?:works once and )?expires after (\d+) seconds/g,
    values: [field(orgs, 'enrollment_code_seconds')],
    source: "an organisation's enrollment_code_seconds default",
  },
  {
    pattern: /\(after (\d+) seconds unless your organisation/g,
    values: [field(orgs, 'enrollment_code_seconds')],
    source: 'enrollment_code_seconds',
  },
  {
    pattern: /within (\d+) seconds by default/g,
    values: [field(orgs, 'enrollment_code_seconds')],
    source: 'enrollment_code_seconds',
  },
  {
    pattern: /expired \((\d+) seconds by default\)/g,
    values: [field(orgs, 'enrollment_code_seconds')],
    source: 'enrollment_code_seconds',
  },
  {
    pattern: /\| (\d+) seconds by default \(30 to 600/g,
    values: [field(orgs, 'enrollment_code_seconds')],
    source: 'enrollment_code_seconds',
  },
  {
    pattern: /(?:void after|after|fewer than|and) (\d+) wrong (?:entries|tries)/gi,
    values: [ENROLLMENT_CODE_ATTEMPTS],
    source: 'ENROLLMENT_CODE_ATTEMPTS',
  },
  {
    pattern: /(\d+) wrong entries make a code void/g,
    values: [ENROLLMENT_CODE_ATTEMPTS],
    source: 'ENROLLMENT_CODE_ATTEMPTS',
  },
  {
    pattern: /races the right code with (\d+) wrong ones, (\d+) rounds/g,
    values: [ENROLLMENT_CODE_ATTEMPTS - 1, null],
    source: 'a test: one short of ENROLLMENT_CODE_ATTEMPTS; rounds of the test',
  },
  {
    pattern: /(\d+) per address per organisation per (\d+) minutes/g,
    values: [constant(enrollmentCodes, 'ENTRIES_PER_IP'), constant(enrollmentCodes, 'ENTRY_WINDOW_MS') / MINUTE],
    source: 'enrollment ENTRIES_PER_IP, ENTRY_WINDOW_MS',
  },
  {
    pattern: /(?:link|links) (?:valid for the organisation's link validity: )?\(?(\d+) days by default/g,
    values: [field(orgs, 'enrollment_link_days')],
    source: "an organisation's enrollment_link_days default",
  },
  {
    pattern: /\| (\d+) days by default \(1 to 30/g,
    values: [field(orgs, 'enrollment_link_days')],
    source: 'enrollment_link_days',
  },
  {
    pattern: /validity: (\d+) days by default, 1 to 30/g,
    values: [field(orgs, 'enrollment_link_days')],
    source: 'enrollment_link_days',
  },
  {
    pattern: /link validity \((\d+) days by default, 1 to 30/g,
    values: [field(orgs, 'enrollment_link_days')],
    source: 'enrollment_link_days',
  },
  {
    pattern: /validity, (\d+) by default/g,
    values: [field(orgs, 'enrollment_link_days')],
    source: 'enrollment_link_days',
  },
  {
    pattern: /expires (\d+) days after it was sent/g,
    values: [field(orgs, 'enrollment_link_days')],
    source: 'enrollment_link_days',
  },
  {
    pattern: /until the time shown \((\d+) days by default\)/g,
    values: [field(orgs, 'enrollment_link_days')],
    source: 'enrollment_link_days',
  },
  {
    pattern: /"Enrollment email link valid for \(days\)", 1 to 30, (\d+) by default/g,
    values: [field(orgs, 'enrollment_link_days')],
    source: 'enrollment_link_days',
  },
  {
    pattern: /(?:expires after|within|at first start[^.|]*?\|[^|]*\|) (\d+) hours(?:; make a new|\s*\|| when printed)/g,
    values: [constant('src/orgs/bootstrap.ts', 'FIRST_START_LINK_MS') / HOUR],
    source: 'FIRST_START_LINK_MS',
  },
  {
    pattern: /\| First-start setup link \| [^|]* \| (\d+) hours \|/g,
    values: [constant('src/orgs/bootstrap.ts', 'FIRST_START_LINK_MS') / HOUR],
    source: 'FIRST_START_LINK_MS',
  },
  {
    pattern: /expire after (\d+) hours when printed at first start/g,
    values: [constant('src/orgs/bootstrap.ts', 'FIRST_START_LINK_MS') / HOUR],
    source: 'FIRST_START_LINK_MS',
  },
  {
    pattern: /valid (\d+) days\)? with `(?:npx )?latchkey enroll-link/g,
    values: [config.setupLinkDays],
    source: 'SETUP_LINK_DAYS',
  },
  { pattern: /enroll-link[^)]*?`, valid (\d+) days/g, values: [config.setupLinkDays], source: 'SETUP_LINK_DAYS' },
  { pattern: /\| (\d+) days \(`SETUP_LINK_DAYS`/g, values: [config.setupLinkDays], source: 'SETUP_LINK_DAYS' },
  { pattern: /`SETUP_LINK_DAYS` \((\d+) by default/g, values: [config.setupLinkDays], source: 'SETUP_LINK_DAYS' },
  { pattern: /\| SETUP_LINK_DAYS` \| (\d+) \|/g, values: [config.setupLinkDays], source: 'SETUP_LINK_DAYS' },
  {
    pattern: /expired \((\d+) days by default\), for another/g,
    values: [config.setupLinkDays],
    source: 'SETUP_LINK_DAYS (errors.md: a setup link)',
  },
  // Sign in to another device.
  {
    pattern: /(?:valid(?: for)?|expires after|\| [^|]*codes \|) (\d+) minutes/g,
    values: [DEVICE_LINK_TTL_MS / MINUTE],
    source: 'DEVICE_LINK_TTL_MS',
  },
  {
    pattern: /(\d+) (?:sign-in codes|code entries) per (?:member )?(?:per )?(\d+) minutes/g,
    values: [constant(deviceLinks, 'ENTRIES_PER_MEMBER'), constant(deviceLinks, 'FIFTEEN_MINUTES') / MINUTE],
    source: 'device-link ENTRIES_PER_MEMBER, FIFTEEN_MINUTES',
  },
  {
    pattern: /(\d+) per member[^|]*?, (\d+) per address and ([\d,]+) per organisation per (\d+) minutes/g,
    values: [
      constant(deviceLinks, 'ENTRIES_PER_MEMBER'),
      constant(deviceLinks, 'ENTRIES_PER_ADDRESS'),
      constant(deviceLinks, 'ENTRIES_PER_ORG'),
      constant(deviceLinks, 'FIFTEEN_MINUTES') / MINUTE,
    ],
    source: 'device-link entry limits',
  },
  // Passkeys, challenges, re-verification.
  { pattern: /expire after (\d+) minutes\./g, values: [CHALLENGE_TTL_MS / MINUTE], source: 'CHALLENGE_TTL_MS' },
  { pattern: /challenge expired \((\d+) minutes\)/g, values: [CHALLENGE_TTL_MS / MINUTE], source: 'CHALLENGE_TTL_MS' },
  {
    pattern: /(?:last|over|more than) (\d+) minutes(?: ago)?/g,
    values: [REVERIFY_WINDOW_MS / MINUTE],
    source: 'REVERIFY_WINDOW_MS',
  },
  { pattern: /credential id over (\d+) bytes/g, values: [MAX_CREDENTIAL_ID_BYTES], source: 'MAX_CREDENTIAL_ID_BYTES' },
  // Sessions.
  {
    pattern: /(?:after|end after|ends after) (\d+) days(?: idle| without use)/g,
    values: [config.sessionIdleMinutes / (24 * 60)],
    source: 'SESSION_IDLE_MINUTES',
  },
  {
    pattern: /`?SESSION_IDLE_MINUTES`?,? \(?(\d+)\)?/g,
    values: [config.sessionIdleMinutes],
    source: 'SESSION_IDLE_MINUTES',
  },
  {
    pattern: /`(\d+)` \((\d+) days\) \| A session unused/g,
    values: [config.sessionIdleMinutes, config.sessionIdleMinutes / (24 * 60)],
    source: 'SESSION_IDLE_MINUTES',
  },
  {
    pattern: /\((\d+) minutes to (\d+) days\)/g,
    values: [5, 90],
    source: 'SESSION_IDLE_MINUTES bounds (src/config.ts)',
  },
  { pattern: /(?:or|and) (\d+) days in all/g, values: [config.sessionMaxDays], source: 'SESSION_MAX_DAYS' },
  {
    pattern: /\| (\d+) \/ (\d+) \| Session idle timeout/g,
    values: [config.sessionIdleMinutes, config.sessionMaxDays],
    source: 'SESSION_IDLE_MINUTES / SESSION_MAX_DAYS',
  },
  { pattern: /device cookie,? (?:\()?[^)]*?(\d+) days/g, values: [TRUSTED_DEVICE_DAYS], source: 'TRUSTED_DEVICE_DAYS' },
  // Passwords.
  {
    pattern: /(\d+) attempts \(`PASSWORD_ATTEMPTS_PER_ACCOUNT`\)/g,
    values: [config.passwordAttemptsPerAccount],
    source: 'PASSWORD_ATTEMPTS_PER_ACCOUNT',
  },
  {
    pattern: /\(`PASSWORD_ATTEMPTS_PER_ACCOUNT`, (\d+)\)/g,
    values: [config.passwordAttemptsPerAccount],
    source: 'PASSWORD_ATTEMPTS_PER_ACCOUNT',
  },
  {
    pattern: /locked for (\d+) minutes \(`PASSWORD_ATTEMPT_WINDOW_MINUTES`\)/g,
    values: [config.passwordAttemptWindowMinutes],
    source: 'PASSWORD_ATTEMPT_WINDOW_MINUTES',
  },
  {
    pattern: /`PASSWORD_ATTEMPT_WINDOW_MINUTES` \((\d+)\)/g,
    values: [config.passwordAttemptWindowMinutes],
    source: 'PASSWORD_ATTEMPT_WINDOW_MINUTES',
  },
  {
    pattern: /(\d+) attempts per (\d+) minutes \(`PASSWORD_ATTEMPTS_PER_IP`\)/g,
    values: [config.passwordAttemptsPerIp, config.passwordAttemptWindowMinutes],
    source: 'PASSWORD_ATTEMPTS_PER_IP, PASSWORD_ATTEMPT_WINDOW_MINUTES',
  },
  {
    pattern: /up to (\d+) hours \(`PASSWORD_LOCKOUT_MAX_MINUTES`\)/g,
    values: [config.passwordLockoutMaxMinutes / 60],
    source: 'PASSWORD_LOCKOUT_MAX_MINUTES',
  },
  {
    pattern: /`PASSWORD_LOCKOUT_MAX_MINUTES` \((\d+) hours\)/g,
    values: [config.passwordLockoutMaxMinutes / 60],
    source: 'PASSWORD_LOCKOUT_MAX_MINUTES',
  },
  { pattern: /at least (\d+) characters\. \|/g, values: [PASSWORD_MIN], source: 'PASSWORD_MIN' },
  { pattern: /(?:Fewer than|at least) (\d+) characters\./g, values: [PASSWORD_MIN], source: 'PASSWORD_MIN' },
  { pattern: /(?:More than|at most) (\d+) characters\./g, values: [PASSWORD_MAX], source: 'PASSWORD_MAX' },
  // The server secret.
  {
    pattern: /At least (\d+) characters \(`openssl/g,
    values: [Number(/rawSecret\.length < (\d+)/.exec(read('src/config.ts'))![1])],
    source: 'SERVER_SECRET minimum length (src/config.ts)',
  },
  // Slow clients.
  {
    pattern: /within (\d+) seconds, its headers within (\d+)/g,
    values: [config.requestTimeoutMs / 1000, config.headersTimeoutMs / 1000],
    source: 'REQUEST_TIMEOUT_SECONDS, HEADERS_TIMEOUT_SECONDS',
  },
  {
    pattern: /`REQUEST_TIMEOUT_SECONDS` \((\d+) s\)/g,
    values: [config.requestTimeoutMs / 1000],
    source: 'REQUEST_TIMEOUT_SECONDS',
  },
  {
    pattern: /`HEADERS_TIMEOUT_SECONDS` \((\d+) s\)/g,
    values: [config.headersTimeoutMs / 1000],
    source: 'HEADERS_TIMEOUT_SECONDS',
  },
  {
    pattern: /`KEEP_ALIVE_TIMEOUT_SECONDS` \((\d+) s\)/g,
    values: [config.keepAliveTimeoutMs / 1000],
    source: 'KEEP_ALIVE_TIMEOUT_SECONDS',
  },
  // Mail.
  {
    pattern:
      /(?:again|retried) after (\d+) seconds, (?:then waits twice as long each time, at most an hour, for|doubling to at most an hour, up to) (\d+) attempts/g,
    values: [constant(outbox, 'FIRST_RETRY_MS') / 1000, MAIL_ATTEMPTS],
    source: 'outbox FIRST_RETRY_MS, MAX_ATTEMPTS',
  },
  { pattern: /all (\d+) attempts failed/g, values: [MAIL_ATTEMPTS], source: 'outbox MAX_ATTEMPTS' },
  {
    pattern: /subject of up to (\d+) characters/g,
    values: [TEMPLATE_LIMITS.subject],
    source: 'template LIMITS.subject',
  },
  { pattern: /body of up to ([\d,]+) characters/g, values: [TEMPLATE_LIMITS.body], source: 'template LIMITS.body' },
  { pattern: /a name of up to (\d+) characters/g, values: [TEMPLATE_LIMITS.name], source: 'template LIMITS.name' },
  // Admin console.
  {
    pattern: /of the past (\d+) days/g,
    values: [constant('src/admin/rollout.ts', 'SECURITY_EVENTS_DAYS')],
    source: 'SECURITY_EVENTS_DAYS',
  },
  {
    pattern: /up to the last (\d+) days/g,
    values: [constant('src/admin/adoption.ts', 'MAX_DAYS')],
    source: 'adoption MAX_DAYS',
  },
  {
    pattern: /cacheable for (\d+) minutes/g,
    values: [Number(/max-age=(\d+)/.exec(read('src/http/routes/well-known.ts'))![1]) / 60],
    source: 'well-known CACHE',
  },
  {
    pattern: /One address, up to (\d+) characters/g,
    values: [Number(/email: (\d+)/.exec(read('src/user-import/check-rows.ts'))![1])],
    source: 'import LIMITS.email',
  },
  {
    pattern: /Up to (\d+) characters; the username if empty/g,
    values: [Number(/displayName: (\d+)/.exec(read('src/user-import/check-rows.ts'))![1])],
    source: 'import LIMITS.displayName',
  },
  {
    pattern: /Days before asking again after "Do this later"\*\* \| (\d+) by default/g,
    values: [field(orgs, 'prompt_snooze_days')],
    source: 'prompt_snooze_days',
  },
  {
    pattern: /runs on every instance \(every (\d+) s;/g,
    values: [Number(/intervalMs = (\d+)/.exec(read('src/mail/worker.ts'))![1]) / 1000],
    source: 'outbox worker interval (src/mail/worker.ts)',
  },
  // Operations: the database, readiness, shutdown.
  {
    pattern: /wait for a connection, (\d+) s\b/g,
    values: [database.connectionTimeout],
    source: 'PostgreSQL pool connectionTimeoutMillis',
  },
  {
    pattern: /waits at most (\d+) seconds for a connection/g,
    values: [database.connectionTimeout],
    source: 'PostgreSQL pool connectionTimeoutMillis',
  },
  {
    pattern: /the instance's (\d+) connections busy for over (\d+) s/g,
    values: [database.poolSize, database.connectionTimeout],
    source: 'PostgreSQL pool max, connectionTimeoutMillis',
  },
  { pattern: /write lock for over (\d+) s\b/g, values: [database.busyTimeout], source: 'SQLite busy_timeout' },
  {
    pattern: /waits more than (\d+) seconds for another process/g,
    values: [database.busyTimeout],
    source: 'SQLite busy_timeout',
  },
  {
    pattern: /Redis each answer within (\d+) second/g,
    values: [READINESS_TIMEOUT_MS / 1000],
    source: 'READINESS_TIMEOUT_MS',
  },
  {
    pattern: /ends within delay \+ grace \+ (\d+) seconds/g,
    values: [Number(/shutdownGraceMs \+ (\d+)\)/.exec(read('src/main.ts'))![1]) / 1000],
    source: 'the exit deadline in src/main.ts',
  },
  // Examples and other programs' settings, not Latchkey's numbers.
  {
    pattern: /SHUTDOWN_GRACE_SECONDS` \(here (\d+) s\)/g,
    values: [null],
    source: 'the example configuration above it',
  },
  { pattern: /\(every (\d+) s, (\d+) failures\)/g, values: [null, null], source: "a load balancer's check, suggested" },
  {
    pattern: /\(e\.g\. (\d+) s with (\d+) s checks, (\d+) failures\)/g,
    values: [null, null, null],
    source: 'an example',
  },
  {
    pattern: /rush of ([\d,]+) members signing in within (\d+) minutes/g,
    values: [null, null],
    source: 'a sizing example',
  },
  { pattern: /An invalid value \(`0`, `(\d+) days`\)/g, values: [null], source: 'an example of a refused value' },
  { pattern: /> 0` for (\d+) minutes/g, values: [null], source: 'a suggested alert' },
  { pattern: /> 50` for (\d+) minutes/g, values: [null], source: 'a suggested alert' },
  {
    pattern: /reaches the page polling another within (\d+) s;/g,
    values: [null],
    source: "the multi-instance test's bound",
  },
  // Apps (OpenID Connect).
  {
    pattern: /An app's name is empty or over (\d+) characters/g,
    values: [Number(/name\.length > (\d+)/.exec(read('src/oidc/clients.ts'))![1])],
    source: 'app name length (src/oidc/clients.ts)',
  },
  {
    pattern:
      /authorization code (\d+) s(?:econds)?, access (?:token )?and ID tokens? (\d+) h(?:our)?, refresh tokens? (\d+) days/g,
    values: [
      field(provider, 'AuthorizationCode'),
      field(provider, 'AccessToken') / 3600,
      field(provider, 'RefreshToken') / 86400,
    ],
    source: 'oidc-provider ttl',
  },
  {
    pattern: /sign-in request \(the member on the sign-in page\) (\d+) min/g,
    values: [field(provider, 'Interaction') / 60],
    source: 'oidc-provider ttl.Interaction',
  },
  {
    pattern: /(?:request that expired \(after|request that expired \() ?(\d+) minutes/g,
    values: [field(provider, 'Interaction') / 60],
    source: 'oidc-provider ttl.Interaction',
  },
  {
    pattern: /code expired \((\d+) s\)/g,
    values: [field(provider, 'AuthorizationCode')],
    source: 'oidc-provider ttl.AuthorizationCode',
  },
  { pattern: /verify for (\d+) hours/g, values: [RETIRED_KEY_KEEP_MS / HOUR], source: 'RETIRED_KEY_KEEP_MS' },
  {
    pattern: /at most (\d+) characters; anything else/g,
    values: [Number(/value\.length > (\d+)/.exec(read('src/oidc/clients.ts'))![1])],
    source: 'redirect URI length (src/oidc/clients.ts)',
  },
];

/** The docs, without fenced code (example configurations of other programs), lines joined. */
function prose(file: string): string {
  return read(file)
    .replace(/^```[\s\S]*?^```/gm, ' ')
    .replace(/\s+/g, ' ');
}

/** A number with a unit of time, attempts or length: what a rule must explain. */
const NUMBER_WITH_UNIT =
  /(?<![\w.,/-])(\d{1,3}(?:,\d{3})+|\d+)(?:[ -])(seconds?|s|minutes?|min|hours?|h|days?|weeks?|attempts|tries|wrong entries|entries|characters?|character)(?![\w-])/g;

const docs = [
  'README.md',
  ...fs
    .readdirSync(path.join(root, 'docs'))
    .filter((f) => f.endsWith('.md') && f !== 'performance.md')
    .map((f) => `docs/${f}`),
];

describe('numbers in the docs', () => {
  it('match the configuration defaults and the code, phrase by phrase', () => {
    const wrong: string[] = [];
    let checked = 0;
    for (const file of docs) {
      const text = prose(file);
      for (const rule of rules)
        for (const match of text.matchAll(rule.pattern))
          rule.values.forEach((expected, i) => {
            if (expected === null) return;
            checked++;
            const stated = Number(match[i + 1]!.replaceAll(',', ''));
            if (stated !== expected) wrong.push(`${file}: "${match[0]}" says ${stated}, ${rule.source} is ${expected}`);
          });
    }
    expect(checked).toBeGreaterThan(50);
    expect(wrong).toEqual([]);
  });

  it('has a rule for every number with a unit the docs state', () => {
    const unexplained: string[] = [];
    for (const file of docs) {
      const text = prose(file);
      // Where each rule's numbers sit in the text.
      const covered = new Set<number>();
      for (const rule of rules)
        for (const match of text.matchAll(new RegExp(rule.pattern.source, `${rule.pattern.flags}d`)))
          for (let i = 1; i < match.length; i++) if (match.indices?.[i]) covered.add(match.indices[i]![0]);
      for (const match of text.matchAll(NUMBER_WITH_UNIT))
        if (!covered.has(match.index))
          unexplained.push(`${file}: "${text.slice(Math.max(0, match.index - 50), match.index + 30)}"`);
    }
    expect(unexplained).toEqual([]);
  });
});
