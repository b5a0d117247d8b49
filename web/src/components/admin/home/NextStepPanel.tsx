import type { ReactNode } from 'react';
import type { AdminHome } from '../../../adminApi';
import { count } from '../../../format';
import { Link, paths } from '../../../router';
import { CopyText } from './CopyText';
import { announcement, pilotInvitation, reminder } from './rolloutText';

const STEPS = ['Try it yourself', 'Pilot group', 'Everyone'] as const;
const stepIndex: Record<AdminHome['rollout']['nextStep'], number> = {
  'ask-operator': 0,
  'turn-on': 0,
  'try-yourself': 0,
  pilot: 1,
  everyone: 2,
  'remind-pending': 3,
  done: 3,
};

/** The recommended order (try it yourself → pilot group → everyone), where this organisation is in it, and what to do next. */
export function NextStepPanel({ org, rollout }: { org: string; rollout: AdminHome['rollout'] }) {
  const current = stepIndex[rollout.nextStep];
  const settings = <Link to={paths.orgSettingsPasskeys(org)}>Open the passkey settings</Link>;
  let step: { title: string; body: ReactNode };
  switch (rollout.nextStep) {
    case 'ask-operator':
      step = {
        title: 'Ask the platform operator to make passkeys available',
        body: (
          <p>
            Passkeys are off for this organisation until the platform operator makes them available. Members sign in
            with their password meanwhile.
          </p>
        ),
      };
      break;
    case 'turn-on':
      step = {
        title: 'Turn on passkeys for admins first',
        body: (
          <p>
            Turn passkeys on with the rollout stage “Admins only”, so that admins try them before anyone else.{' '}
            {settings}
          </p>
        ),
      };
      break;
    case 'try-yourself':
      step = {
        title: 'Try it yourself',
        body: (
          <>
            <p>Before asking members, try passkeys on your own account:</p>
            <ol>
              <li>Go to Settings › Passkeys and add a passkey on your main personal device.</li>
              <li>Sign out, then sign in again with the passkey.</li>
              <li>Confirm that password sign-in still works.</li>
            </ol>
            <p>
              <Link to={paths.passkeys(org)}>Add a passkey to your account</Link>
            </p>
          </>
        ),
      };
      break;
    case 'pilot':
      step = {
        title: 'Test with a small group',
        body: (
          <>
            <p>
              Add a few trusted members to the pilot group and set the rollout stage to “Pilot group”. Collect their
              feedback before announcing passkeys to everyone. {settings}
            </p>
            <CopyText label="Suggested message to the pilot group" text={pilotInvitation()} />
          </>
        ),
      };
      break;
    case 'everyone':
      step = {
        title: 'Announce to all members',
        body: (
          <>
            <p>When the pilot group is happy, set the rollout stage to “Everyone” and tell your members. {settings}</p>
            <CopyText label="Suggested announcement" text={announcement(rollout)} />
          </>
        ),
      };
      break;
    case 'remind-pending':
      step = {
        title: `Remind the ${count(rollout.pending, 'Pending member')}`,
        body: (
          <>
            <p>
              Passkeys reach everyone. If you have not announced them yet, do it now; then remind those still Pending,
              or enroll them from their page in Users.
            </p>
            <CopyText label="Suggested announcement" text={reminder(rollout)} />
          </>
        ),
      };
      break;
    case 'done':
      step = {
        title: 'Every member has a passkey',
        body: <p>New members are Pending until they create theirs: enroll them from their page in Users.</p>,
      };
      break;
  }

  return (
    <div className="panel stack next-step">
      <ol className="steps" aria-label="Recommended rollout">
        {STEPS.map((name, i) => (
          <li
            key={name}
            className={i < current ? 'steps__done' : i === current ? 'steps__current' : undefined}
            aria-current={i === current ? 'step' : undefined}
          >
            {name}
            {i < current ? ' (done)' : i === current ? ' (next)' : ''}
          </li>
        ))}
      </ol>
      <h3>Next step: {step.title}</h3>
      {step.body}
    </div>
  );
}
