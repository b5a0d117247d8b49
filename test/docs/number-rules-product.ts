/** Rules for the docs' numbers about codes, links, sign-in, sessions and passwords (test/docs-numbers.test.ts). */
import { CHALLENGE_TTL_MS } from '../../src/passkeys/challenges.js';
import { MAX_CREDENTIAL_ID_BYTES } from '../../src/passkeys/key-checks.js';
import { REVERIFY_WINDOW_MS } from '../../src/sessions/sessions.js';
import { CODE_LENGTH, CODE_ALPHABET } from '../../src/device-link/code.js';
import { DEVICE_LINK_TTL_MS } from '../../src/device-link/device-links.js';
import { ENROLLMENT_CODE_LENGTH } from '../../src/enrollment/enrollment-code.js';
import { ENROLLMENT_CODE_ATTEMPTS } from '../../src/enrollment/enrollment-codes.js';
import { CANCEL_WINDOW_MINUTES, CANCELS_PER_ADDRESS } from '../../src/device-link/cancel-device-link.js';
import { SHORTEST_CORE } from '../../src/passwords/guessable.js';
import { PASSWORD_MAX, PASSWORD_MIN } from '../../src/passwords/passwords.js';
import { TRUSTED_DEVICE_DAYS } from '../../src/passwords/trusted-devices.js';
import {
  read,
  constant,
  field,
  product,
  MINUTE,
  HOUR,
  config,
  configBounds,
  orgs,
  deviceLinks,
  enrollmentCodes,
} from './number-sources.js';

/**
 * Phrase → what its numbers must equal, in the order of the pattern's groups. `null` marks a number
 * that is not Latchkey's (an example, a proxy's setting, a measurement), with the reason in `source`.
 */
export interface Rule {
  pattern: RegExp;
  values: ReadonlyArray<number | null>;
  source: string;
}

export const productRules: Rule[] = [
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
  {
    pattern: /`SETUP_LINK_DAYS` \((\d+) by default(?:, (\d+) to (\d+))?/g,
    values: [config.setupLinkDays, configBounds.get('SETUP_LINK_DAYS')!.min, configBounds.get('SETUP_LINK_DAYS')!.max],
    source: 'SETUP_LINK_DAYS and its bounds',
  },
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
    pattern: /\| (\d+) per address per (\d+) minutes; each new device checks on its code at most (\d+) times a minute/g,
    values: [
      constant(deviceLinks, 'STARTS_PER_ADDRESS'),
      constant(deviceLinks, 'FIFTEEN_MINUTES') / MINUTE,
      constant(deviceLinks, 'POLLS_PER_MINUTE'),
    ],
    source: 'device-link STARTS_PER_ADDRESS, POLLS_PER_MINUTE',
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
    values: [configBounds.get('SESSION_IDLE_MINUTES')!.min, configBounds.get('SESSION_IDLE_MINUTES')!.max / (24 * 60)],
    source: 'SESSION_IDLE_MINUTES bounds (src/config.ts)',
  },
  { pattern: /(?:or|and) (\d+) days in all/g, values: [config.sessionMaxDays], source: 'SESSION_MAX_DAYS' },
  {
    pattern: /`SESSION_MAX_DAYS`, (\d+) days by default/g,
    values: [config.sessionMaxDays],
    source: 'SESSION_MAX_DAYS',
  },
  {
    pattern: /\| (\d+) \/ (\d+) \| Session idle timeout/g,
    values: [config.sessionIdleMinutes, config.sessionMaxDays],
    source: 'SESSION_IDLE_MINUTES / SESSION_MAX_DAYS',
  },
  { pattern: /device cookie,? (?:\()?[^)]*?(\d+) days/g, values: [TRUSTED_DEVICE_DAYS], source: 'TRUSTED_DEVICE_DAYS' },
  // Limits per address, per member, per request.
  {
    pattern: /(\d+) requests per minute per address \(`API_REQUESTS_PER_MINUTE`\)/g,
    values: [config.apiRequestsPerMinute],
    source: 'API_REQUESTS_PER_MINUTE',
  },
  {
    pattern: /(\d+) open at once per address \(`MAX_CONNECTIONS_PER_IP`\)/g,
    values: [config.maxConnectionsPerIp],
    source: 'MAX_CONNECTIONS_PER_IP',
  },
  {
    pattern: /\| (\d+) \(`MAX_PASSKEYS_PER_USER`\)/g,
    values: [config.maxPasskeysPerUser],
    source: 'MAX_PASSKEYS_PER_USER',
  },
  {
    pattern: /`MAX_PASSKEYS_PER_USER` passkeys \((\d+) by default\)/g,
    values: [config.maxPasskeysPerUser],
    source: 'MAX_PASSKEYS_PER_USER',
  },
  {
    pattern: /polling is limited to (\d+) per minute/g,
    values: [constant(deviceLinks, 'POLLS_PER_MINUTE')],
    source: 'device-link POLLS_PER_MINUTE',
  },
  {
    pattern: /(?:The body is over|Bodies are limited to) (\d+) KiB/g,
    values: [product(/bodyLimit: ([\d *]+),/.exec(read('src/app.ts'))![1]!) / 1024],
    source: 'bodyLimit (src/app.ts)',
  },
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
  {
    pattern: /cancelling to (\d+) per address per (\d+) minutes/g,
    values: [CANCELS_PER_ADDRESS, CANCEL_WINDOW_MINUTES],
    source: 'CANCELS_PER_ADDRESS, CANCEL_WINDOW_MINUTES (src/device-link/cancel-device-link.ts)',
  },
  {
    pattern: /a word of fewer than (\d+) characters inside/g,
    values: [SHORTEST_CORE],
    source: 'SHORTEST_CORE (src/passwords/guessable.ts)',
  },
  {
    pattern: /A new one needs (\d+) to (\d+) characters/g,
    values: [PASSWORD_MIN, PASSWORD_MAX],
    source: 'PASSWORD_MIN, PASSWORD_MAX',
  },
];
