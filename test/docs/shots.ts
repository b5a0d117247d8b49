/**
 * The documentation's screenshots: one entry per file in docs/images/. `npm run docs:screenshots`
 * (test/docs/screenshots.run.ts) takes exactly these; test/docs-images.test.ts checks that the files,
 * this list and the pictures the docs show agree, without rendering anything.
 */
export const DESKTOP = { width: 1280, height: 800 } as const;
export const PHONE = { width: 390, height: 844 } as const;

export interface Shot {
  /** What the picture shows: the docs' alt text says the same. */
  shows: string;
  /** Taken at the phone viewport (390 × 844) instead of the desktop one (1280 × 800). */
  phone?: true;
}

export const SHOTS = {
  'sign-in': { shows: 'the sign-in page: Username or email, Continue, Sign in with a passkey' },
  'sign-in-phone': { shows: 'the sign-in page on a phone', phone: true },
  'sign-in-passkey': { shows: '"Your account is protected by a passkey", with Sign in with passkey and Use password' },
  'create-passkey-prompt': { shows: 'the "Create a passkey" prompt after sign-in, with Continue and Do this later' },
  'name-passkey': { shows: '"Name this passkey" after creating one, with the name Work laptop typed in' },
  'settings-passkeys': {
    shows: 'Settings › Passkeys with two named passkeys, Add passkey and Sign in to another device',
  },
  'device-link-code': { shows: 'the new device showing its 8-character sign-in code' },
  'device-link-approve': {
    shows: 'the signed-in phone after Verify code: what is asking, with Approve and Deny',
    phone: true,
  },
  'admin-home': { shows: 'the admin home: rollout, next step and adoption' },
  'org-settings-passkeys': { shows: 'Org Settings › Passkeys: Enable passkeys, Force Passkey Setup, Rollout' },
  users: { shows: 'Users with Enrolled and Pending members' },
  'enroll-code': { shows: 'Enroll a Passkey › Generate 9-character code: the code and its countdown' },
  'enroll-email': { shows: 'Enroll a Passkey › Send enrollment email, with the email template' },
  'enroll-with-code': { shows: "the member's Enroll a passkey page with the code and username filled in" },
  'recover-account': { shows: 'Lost or replaced device › Recover account: passkeys to remove and the method' },
  activity: { shows: 'Activity: the security events, newest first, with filters and exports' },
} as const satisfies Record<string, Shot>;

export type ShotName = keyof typeof SHOTS;
