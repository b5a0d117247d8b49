import { updateAudited } from '../audit/audited-write.js';
import { AppError } from '../errors.js';
import { forUpdate } from '../db/locks.js';
import type { Actor, Deps } from '../shared/deps.js';
import { inTransaction } from '../shared/transaction.js';
import type { Organisation } from './organisation.js';

export interface AndroidApp {
  packageName: string;
  /** SHA-256 fingerprints of the app's signing certificates: 32 upper-case hex pairs joined by colons. */
  sha256CertFingerprints: string[];
}
export interface AppleApp {
  teamId: string;
  bundleId: string;
}
export interface MobileApps {
  android: AndroidApp[];
  apple: AppleApp[];
}

export const MAX_APPS = 10;
/** Several while an app's signing key is rotated (Play App Signing: the upload and the app signing key). */
export const MAX_FINGERPRINTS = 5;
const PACKAGE = /^[a-zA-Z][a-zA-Z0-9_]*(\.[a-zA-Z][a-zA-Z0-9_]*)+$/;
const FINGERPRINT = /^[0-9A-F]{2}(:[0-9A-F]{2}){31}$/;
const TEAM_ID = /^[A-Z0-9]{10}$/;
const BUNDLE_ID = /^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;
const NONE: MobileApps = { android: [], apple: [] };

export function mobileAppsOf(org: Pick<Organisation, 'mobile_apps'>): MobileApps {
  return org.mobile_apps ? (JSON.parse(org.mobile_apps) as MobileApps) : NONE;
}

/** The WebAuthn origin an Android app's ceremonies carry: its signing certificate's SHA-256, base64url. */
export function androidOrigin(fingerprint: string): string {
  return `android:apk-key-hash:${Buffer.from(fingerprint.replace(/:/g, ''), 'hex').toString('base64url')}`;
}

export function androidOrigins(org: Pick<Organisation, 'mobile_apps'>): string[] {
  return mobileAppsOf(org).android.flatMap((app) => app.sha256CertFingerprints.map(androidOrigin));
}

const invalid = (field: string, rule: string) => new AppError('MOBILE_APP_INVALID', { details: { field, rule } });

function unique(values: string[], field: string): void {
  if (new Set(values).size !== values.length) throw invalid(field, 'listed twice');
}

/** Checks and normalises what an admin sent; throws MOBILE_APP_INVALID (field and rule, never the value). */
export function normaliseMobileApps(input: MobileApps): MobileApps {
  if (input.android.length > MAX_APPS) throw invalid('android', `at most ${MAX_APPS} apps`);
  if (input.apple.length > MAX_APPS) throw invalid('apple', `at most ${MAX_APPS} apps`);
  const android = input.android.map((app, i) => {
    const packageName = app.packageName.trim();
    if (packageName.length > 255 || !PACKAGE.test(packageName))
      throw invalid(`android/${i}/packageName`, 'a package name such as com.example.app');
    const fingerprints = app.sha256CertFingerprints.map((f) => f.trim().toUpperCase());
    if (fingerprints.length === 0 || fingerprints.length > MAX_FINGERPRINTS)
      throw invalid(`android/${i}/sha256CertFingerprints`, `1 to ${MAX_FINGERPRINTS} fingerprints`);
    fingerprints.forEach((f, j) => {
      if (!FINGERPRINT.test(f))
        throw invalid(
          `android/${i}/sha256CertFingerprints/${j}`,
          'a SHA-256 fingerprint: 32 hex pairs separated by colons',
        );
    });
    unique(fingerprints, `android/${i}/sha256CertFingerprints`);
    return { packageName, sha256CertFingerprints: fingerprints };
  });
  unique(
    android.map((a) => a.packageName),
    'android',
  );
  const apple = input.apple.map((app, i) => {
    const teamId = app.teamId.trim();
    const bundleId = app.bundleId.trim();
    if (!TEAM_ID.test(teamId)) throw invalid(`apple/${i}/teamId`, '10 capital letters or digits');
    if (bundleId.length > 155 || !BUNDLE_ID.test(bundleId))
      throw invalid(`apple/${i}/bundleId`, 'a bundle id such as com.example.app');
    return { teamId, bundleId };
  });
  unique(
    apple.map((a) => `${a.teamId}.${a.bundleId}`),
    'apple',
  );
  return { android, apple };
}

const describeAndroid = (apps: AndroidApp[]) =>
  apps.map((a) => `${a.packageName} (${a.sha256CertFingerprints.join(', ')})`).join('; ') || 'none';
const describeApple = (apps: AppleApp[]) => apps.map((a) => `${a.teamId}.${a.bundleId}`).join('; ') || 'none';

/**
 * Replaces the organisation's mobile apps. Their signing keys become accepted WebAuthn origins for
 * the organisation, and the apps are listed in the well-known files of its RP ID's host.
 */
export async function updateMobileApps(
  deps: Deps,
  { org, apps, actor }: { org: Organisation; apps: MobileApps; actor: Actor },
): Promise<MobileApps> {
  const after = normaliseMobileApps(apps);
  const stored = after.android.length + after.apple.length === 0 ? null : JSON.stringify(after);
  await inTransaction(deps, async (tx) => {
    const query = tx.db.selectFrom('organisations').select('mobile_apps').where('id', '=', org.id);
    const before = mobileAppsOf(await forUpdate(query, deps.dialect).executeTakeFirstOrThrow());
    const details: Record<string, string> = {};
    const [androidBefore, androidAfter] = [describeAndroid(before.android), describeAndroid(after.android)];
    const [appleBefore, appleAfter] = [describeApple(before.apple), describeApple(after.apple)];
    if (androidBefore !== androidAfter) details.android = `${androidBefore} → ${androidAfter}`;
    if (appleBefore !== appleAfter) details.apple = `${appleBefore} → ${appleAfter}`;
    if (Object.keys(details).length === 0) return;
    await updateAudited(tx, {
      orgId: org.id,
      type: 'org.mobile_apps_changed',
      actorId: actor.actorId,
      context: actor.context,
      details,
      update: { table: 'organisations', id: org.id, set: { mobile_apps: stored } },
    });
  });
  return after;
}
