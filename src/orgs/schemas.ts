import { Type } from '@sinclair/typebox';
import { LANGUAGES } from './languages.js';
import { ADMIN_ERRORS, Line, type RouteSpec, Text } from '../shared/schemas.js';

export const SLUG_PATTERN = '^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$';
/** An organisation's name in paths and in the platform API. */
export const Slug = Type.String({ pattern: SLUG_PATTERN, maxLength: 40 });

export const LanguageBody = Type.Object({
  defaultLanguage: Type.Union(
    LANGUAGES.map((l) => Type.Literal(l)),
    { description: "The pages' language when the browser asks for none we have, and the built-in email's" },
  ),
});

// Loose bounds here; the rules (and their MOBILE_APP_INVALID) are in src/orgs/mobile-apps.ts.
export const AppField = Type.String({ maxLength: 300 });

export const AndroidIn = Type.Object(
  { packageName: AppField, sha256CertFingerprints: Type.Array(AppField, { maxItems: 50 }) },
  { additionalProperties: false },
);

export const AppleIn = Type.Object({ teamId: AppField, bundleId: AppField }, { additionalProperties: false });

export const MobileAppsIn = Type.Object(
  { android: Type.Array(AndroidIn, { maxItems: 50 }), apple: Type.Array(AppleIn, { maxItems: 50 }) },
  { additionalProperties: false },
);

export const MobileAppsBody = Type.Object({
  rpId: Type.String({ description: 'The passkey domain the apps use: the host serving the files below' }),
  android: Type.Array(
    Type.Object({
      packageName: Type.String(),
      sha256CertFingerprints: Type.Array(Type.String()),
      origins: Type.Array(
        Type.String({ description: 'android:apk-key-hash:… WebAuthn origin accepted for this organisation' }),
      ),
    }),
  ),
  apple: Type.Array(Type.Object({ teamId: Type.String(), bundleId: Type.String(), appId: Type.String() })),
  files: Type.Object({ assetLinks: Type.String(), appleAppSiteAssociation: Type.String() }),
});

export const PLATFORM_ERRORS = ['UNAUTHENTICATED', 'FORBIDDEN'] as const;

export const OrganisationBody = Type.Object({
  slug: Type.String(),
  name: Type.String(),
  passkeysAvailable: Type.Boolean(),
  passkeysEnabled: Type.Boolean(),
  passkeysMandatory: Type.Boolean(),
  rpId: Type.Union([Type.String(), Type.Null()], {
    description: "Its own passkey domain (WebAuthn RP ID); null: the shared one, PUBLIC_URL's host",
  }),
  members: Type.Integer(),
  admins: Type.Integer({ description: 'Active admins; 0: nobody can enter its admin console' }),
  createdAt: Type.Number(),
});

export const AdminBody = Type.Object(
  {
    username: Text(64),
    email: Type.Optional(Type.Union([Line(320), Type.Null()])),
    displayName: Type.Optional(Text(100)),
  },
  { additionalProperties: false },
);

export const FirstAdminBody = Type.Object({
  username: Type.String(),
  setupLink: Type.Union([
    Type.Object(
      { url: Type.String(), expiresAt: Type.Number() },
      { description: 'Shown this once: pass it to the admin; it works once' },
    ),
    Type.Null({ description: 'Emailed instead (SMTP is set and the admin has an email address)' }),
  ]),
  email: Type.Union([
    Type.Object({
      to: Type.String(),
      state: Type.Union([Type.Literal('queued'), Type.Literal('sent'), Type.Literal('failed')]),
    }),
    Type.Null(),
  ]),
});

/** GET /api/o/:org */
export const GetOrgInfo = {
  summary: 'What the sign-in page needs to know about an organisation',
  reply: Type.Object({
    slug: Type.String(),
    name: Type.String(),
    rpId: Type.String(),
    passkeysEnabled: Type.Boolean(),
    defaultLanguage: Type.Union(LANGUAGES.map((l) => Type.Literal(l))),
  }),
  errors: ['ORG_NOT_FOUND'],
} as const satisfies RouteSpec;

/** GET /api/o/:org/admin/settings/language */
export const GetAdminSettingsLanguage = {
  summary: "The organisation's default language",
  reply: LanguageBody,
  errors: ADMIN_ERRORS,
} as const satisfies RouteSpec;

/** PUT /api/o/:org/admin/settings/language */
export const PutAdminSettingsLanguage = {
  summary: "Change the organisation's default language (a member's own choice of language still wins)",
  body: Type.Object({ defaultLanguage: Type.String({ maxLength: 10 }) }, { additionalProperties: false }),
  reply: LanguageBody,
  errors: ADMIN_ERRORS,
} as const satisfies RouteSpec;

/** GET /api/o/:org/admin/settings/mobile-apps */
export const GetAdminSettingsMobileApps = {
  summary: "The organisation's mobile apps and where their well-known files are served",
  reply: MobileAppsBody,
  errors: ADMIN_ERRORS,
} as const satisfies RouteSpec;

/** PUT /api/o/:org/admin/settings/mobile-apps */
export const PutAdminSettingsMobileApps = {
  summary:
    'Replace the mobile apps: ' +
    'their signing keys become accepted passkey origins (needs a verification in the last 5 minutes)',
  body: MobileAppsIn,
  reply: MobileAppsBody,
  errors: [...ADMIN_ERRORS, 'MOBILE_APP_INVALID', 'REVERIFY_REQUIRED'],
} as const satisfies RouteSpec;

/** GET /api/platform/orgs */
export const GetOrgs = {
  summary: 'All organisations',
  reply: Type.Object({ organisations: Type.Array(OrganisationBody) }),
  errors: [...PLATFORM_ERRORS],
} as const satisfies RouteSpec;

/** POST /api/platform/orgs */
export const PostOrgs = {
  summary:
    'Create an organisation (passkeys are off until made available), with its first admin and their ' +
    'one-time setup link (needs a verification in the last 5 minutes)',
  body: Type.Object({
    slug: Slug,
    name: Text(100),
    firstAdmin: Type.Optional(AdminBody),
  }),
  reply: Type.Object({
    organisation: OrganisationBody,
    firstAdmin: Type.Union([FirstAdminBody, Type.Null()]),
  }),
  errors: [...PLATFORM_ERRORS, 'ORG_EXISTS', 'REVERIFY_REQUIRED'],
} as const satisfies RouteSpec;

/** POST /api/platform/orgs/:slug/admins */
export const PostOrgsSlugAdmins = {
  summary:
    'Add administrator: a new admin of the organisation and their one-time setup link, shown this once ' +
    '(needs a verification in the last 5 minutes)',
  body: AdminBody,
  reply: FirstAdminBody,
  errors: [...PLATFORM_ERRORS, 'ORG_NOT_FOUND', 'USER_EXISTS', 'REVERIFY_REQUIRED'],
} as const satisfies RouteSpec;

/** PATCH /api/platform/orgs/:slug */
export const PatchOrgsSlug = {
  summary:
    'Make passkeys available to an organisation, or withdraw them; give it its own passkey domain (RP ID) ' +
    '(needs a verification in the last 5 minutes)',
  description:
    'Changing the RP ID of an organisation that has passkeys is refused unless `force` is true: ' +
    'those passkeys stop working.',
  body: Type.Object(
    {
      passkeysAvailable: Type.Optional(Type.Boolean()),
      rpId: Type.Optional(Type.Union([Type.String({ maxLength: 253 }), Type.Null()])),
      force: Type.Optional(Type.Boolean()),
    },
    { additionalProperties: false, minProperties: 1 },
  ),
  reply: Type.Object({ organisation: OrganisationBody }),
  errors: [...PLATFORM_ERRORS, 'ORG_NOT_FOUND', 'RP_ID_INVALID', 'RP_ID_CHANGE_BREAKS_PASSKEYS', 'REVERIFY_REQUIRED'],
} as const satisfies RouteSpec;
