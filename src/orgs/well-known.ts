import type { Deps } from '../shared/deps.js';
import { mobileAppsOf, type MobileApps } from './mobile-apps.js';

/** Android and Apple check these relations before letting an app use the host's passkeys and passwords. */
const RELATIONS = ['delegate_permission/common.handle_all_urls', 'delegate_permission/common.get_login_creds'];

/**
 * The apps of every organisation whose RP ID is this host: the organisations with their own RP ID
 * equal to it, or else (PUBLIC_URL's host, or any other name the server is reached by) all those
 * sharing PUBLIC_URL's host. Phones fetch the files from https://<RP ID>/.well-known/.
 */
export async function appsForHost(deps: Deps, { host }: { host: string }): Promise<MobileApps> {
  const own = await deps.db.selectFrom('organisations').select('id').where('rp_id', '=', host).executeTakeFirst();
  let query = deps.db.selectFrom('organisations').select('mobile_apps').where('mobile_apps', 'is not', null);
  query = own ? query.where('rp_id', '=', host) : query.where('rp_id', 'is', null);
  const rows = await query.orderBy('slug').execute();
  const all = rows.map(mobileAppsOf);
  return { android: all.flatMap((a) => a.android), apple: all.flatMap((a) => a.apple) };
}

/** Digital Asset Links: one statement per Android app (package and its signing-certificate fingerprints). */
export function assetLinks(apps: MobileApps): unknown[] {
  const statements = apps.android.map((app) => ({
    relation: RELATIONS,
    target: {
      namespace: 'android_app',
      package_name: app.packageName,
      sha256_cert_fingerprints: app.sha256CertFingerprints,
    },
  }));
  // Two organisations may list the same app: say it once.
  return [...new Map(statements.map((s) => [JSON.stringify(s), s])).values()];
}

/**
 * Apple's associated domains: webcredentials only (passkeys and passwords). No applinks: claiming
 * Latchkey's URLs for an app would open the app instead of the sign-in pages browsers need.
 */
export function appleAppSiteAssociation(apps: MobileApps): { webcredentials: { apps: string[] } } {
  return { webcredentials: { apps: [...new Set(apps.apple.map((a) => `${a.teamId}.${a.bundleId}`))] } };
}
