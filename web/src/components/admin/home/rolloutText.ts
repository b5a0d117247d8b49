import type { AdminHome } from '../../../adminApi';
import { count } from '../../../format';

type Rollout = AdminHome['rollout'];

export const ROLLOUT_STAGES: Record<Rollout['rollout'], string> = {
  admins: 'Admins only',
  pilot: 'Pilot group',
  everyone: 'Everyone',
};

/** "1 of 1 member enrolled (100 %)", "3 of 8 members enrolled (37 %)". */
export function enrolledOf(enrolled: number, members: number, percent: number): string {
  return `${enrolled} of ${count(members, 'member')} enrolled (${percent} %)`;
}

/** What members are told about their password, true to the organisation's settings. */
function passwordLine(rollout: Rollout): string {
  if (rollout.passkeysMandatory) return 'You will be asked to create one the next time you sign in.';
  return rollout.passwordFallback
    ? 'Your password still works as a backup.'
    : 'Once you have a passkey, you sign in with it instead of your password.';
}

/** The announcement to all members (the customers' guide's example, kept true to the settings). */
export function announcement(rollout: Rollout): string {
  return [
    'You can now add a passkey to sign in faster and more securely.',
    'A passkey lets you use your device unlock method, such as Face ID, fingerprint, Windows Hello, passcode, or PIN.',
    passwordLine(rollout),
    'To get started, go to Settings > Passkeys and add a passkey on a trusted personal device.',
  ].join(' ');
}

/** The invitation to the pilot group: what to try and what to tell the admins. */
export function pilotInvitation(): string {
  return [
    'We are trying passkeys with a small group before everyone.',
    'Please go to Settings > Passkeys, add a passkey on a trusted personal device, sign out, and sign in again with it.',
    'Then tell us: whether adding a passkey was easy to understand, whether sign-in works on your device,',
    'whether the wording in prompts is clear, whether password fallback is easy to find,',
    'and whether any device or browser caused confusion.',
  ].join(' ');
}

/** A reminder for the members still Pending (the guide's suggested help text). */
export function reminder(rollout: Rollout): string {
  return [
    'Passkeys are a faster and safer way to sign in.',
    'You can use your device unlock method, such as Face ID, fingerprint, Windows Hello, passcode, or PIN.',
    passwordLine(rollout),
    'To get started, go to Settings > Passkeys and add a passkey on a trusted personal device.',
  ].join(' ');
}
