/** Rules for the docs' numbers about running Latchkey: requests, mail, the admin console, the database, apps. */
import { READINESS_TIMEOUT_MS } from '../../src/http/readiness.js';
import { MAX_ATTEMPTS as MAIL_ATTEMPTS } from '../../src/mail/outbox.js';
import { LIMITS as TEMPLATE_LIMITS } from '../../src/mail/templates.js';
import { RETIRED_KEY_KEEP_MS } from '../../src/oidc/keys.js';
import { read, constant, field, database, HOUR, config, orgs, provider, outbox } from './number-sources.js';
import type { Rule } from './number-rules-product.js';

export const operationsRules: Rule[] = [
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
  // SQLite's log.
  {
    pattern: /its file shrinks back to (\d+) MB/g,
    values: [Number(/journal_size_limit = (\d+)/.exec(read('src/db/database.ts'))![1]) / 1024 / 1024],
    source: 'journal_size_limit (src/db/database.ts)',
  },
  // Mail.
  {
    pattern: new RegExp(
      /(?:again|retried) after (\d+) seconds, /.source +
        /(?:then waits twice as long each time, at most an hour, for|doubling to at most an hour, up to)/.source +
        / (\d+) attempts/.source,
      'g',
    ),
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
    pattern: new RegExp(
      /authorization code (\d+) s(?:econds)?, access (?:token )?and ID tokens? (\d+) h(?:our)?, /.source +
        /refresh tokens? (\d+) days/.source,
      'g',
    ),
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
