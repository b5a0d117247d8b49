export const USAGE = `Usage: latchkey <command> [options]

Commands:
  start [--verbose]            Run the server (PORT, PUBLIC_URL, DATABASE_URL, REDIS_URL from the environment);
                               in a terminal it logs warnings only unless LOG_LEVEL is set or --verbose
  migrate                      Bring the database schema up to date
  backup <file>                Copy the embedded SQLite database while the server runs, with its
                               server secret as <file>.server-secret (PostgreSQL: use pg_dump)
  org create <slug> --name <name>
                               Create an organisation (passkeys off until made available)
  org set <slug> [--passkeys-available on|off] [--passkeys off|optional|mandatory]
                 [--password-fallback on|off] [--rollout admins|pilot|everyone]
                 [--prompt-snooze-days N] [--rp-id <host>|shared [--force]]
                               Change an organisation's passkey policy, or give it its own
                               passkey domain (RP ID); --force if it has passkeys: they stop working
  user create --org <slug> --username <u> [--email <e>] [--display-name <n>]
              [--role member|editor|admin|operator] [--password-stdin]
                               Create a user (the password, if any, is read from standard input)
  user set --org <slug> --username <u> [--email <e>] [--role <role>] [--display-name <n>]
                               Edit a user's profile (never demotes the last admin)
  user disable --org <slug> --username <u>
                               Sign the user out everywhere, end their links, codes and app grants,
                               and refuse every sign-in until enabled
  user enable --org <slug> --username <u>
                               Let a disabled user sign in again
  user delete --org <slug> --username <u>
                               Remove the user with their passkeys, sessions, codes and app grants
  user import --org <slug> FILE.csv [--send-enrollment-email] [--dry-run]
                               Add the users of a CSV (header: username, email, display name, role);
                               prints each row: created, or the error and why (those are left out);
                               --dry-run writes nothing; --send-enrollment-email mails each a one-time
                               link (without SMTP, prints the links to pass on)
  enroll-link --org <slug> --username <u> [--force]
                               Print a one-time link with which that user sets up a passkey;
                               refused for a user who has one (Enrolled) unless --force (audited)
  client create --org <slug> --name <name> --redirect-uri <uri> [--redirect-uri <uri> …]
                [--public] [--post-logout-redirect-uri <uri> …] [--backchannel-logout-uri <uri>]
                [--third-party]
                               Register an app (OpenID Connect client); prints JSON with client_id
                               (and client_secret, shown only now, for a confidential app)
  client list --org <slug>     The organisation's apps, as JSON lines
  client delete --org <slug> --client-id <id>
                               Remove an app with every grant and token issued to it
  client disable --org <slug> --client-id <id>
                               Stop an app signing anyone in, keeping its settings; every grant
                               and token issued to it ends
  client enable --org <slug> --client-id <id>
                               Let a disabled app sign members in again
  client rotate-secret --org <slug> --client-id <id>
                               A new secret for a confidential app (the old one stops working);
                               an id that starts with '-' is given as --client-id=<id>
  keys rotate --org <slug>     New signing keys; the old ones keep verifying for 24 hours

Commands that print links use PUBLIC_URL, or else the PUBLIC_URL the server last started with.

Exit codes: 0 done, 1 failed, 2 bad arguments.`;

/** A mistake in how the command was called: printed with the usage, exit code 2. */
export class UsageError extends Error {}
