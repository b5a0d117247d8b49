import type { Selectable } from 'kysely';
import type { AuditDetails } from '../audit/schemas.js';
import type { OidcClientsTable } from '../db/types.js';
import { fromFlag } from '../shared/flags.js';

// What app.created and app.updated record, for whoever later asks where an app sent its members' codes:
// the addresses and whether members are asked to allow it. Never the secret nor its hash.

type AppColumns = Pick<
  Selectable<OidcClientsTable>,
  'name' | 'redirect_uris' | 'post_logout_redirect_uris' | 'backchannel_logout_uri' | 'first_party'
>;

/** An app's recorded settings, as the events name them. */
export function recordedSettings(app: AppColumns) {
  return {
    redirectUris: JSON.parse(app.redirect_uris) as string[],
    postLogoutRedirectUris: JSON.parse(app.post_logout_redirect_uris) as string[],
    backchannelLogoutUri: app.backchannel_logout_uri,
    firstParty: fromFlag(app.first_party),
  };
}

/** The settings a change touched, each as {from, to}; a new name as `previousName` beside the name. */
export function settingsChanges(before: AppColumns, after: AppColumns): AuditDetails {
  const [from, to] = [recordedSettings(before), recordedSettings(after)];
  const changes: AuditDetails = before.name === after.name ? {} : { previousName: before.name };
  for (const key of Object.keys(from) as Array<keyof typeof from>) {
    if (JSON.stringify(from[key]) !== JSON.stringify(to[key])) changes[key] = { from: from[key], to: to[key] };
  }
  return changes;
}
