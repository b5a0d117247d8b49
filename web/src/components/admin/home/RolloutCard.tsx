import type { AdminHome } from '../../../adminApi';
import { count } from '../../../format';
import { Link, paths } from '../../../router';
import { NextStepPanel } from './NextStepPanel';
import { ROLLOUT_STAGES, enrolledOf } from './rolloutText';

/** The rollout card: passkeys on or off, optional or mandatory, the stage, how many enrolled, and the next step. */
export function RolloutCard({ org, rollout }: { org: string; rollout: AdminHome['rollout'] }) {
  const on = rollout.passkeysAvailable && rollout.passkeysEnabled;
  return (
    <section className="section" aria-labelledby="rollout-heading">
      <h2 id="rollout-heading">Passkey rollout</h2>
      <dl className="details">
        <dt>Passkeys</dt>
        <dd>
          {on ? 'On' : rollout.passkeysAvailable ? 'Off' : 'Off (not made available by the platform operator yet)'}
        </dd>
        <dt>Creating one</dt>
        <dd>
          {rollout.passkeysMandatory ? 'Mandatory (Force Passkey Setup)' : 'Optional (“Do this later” is offered)'}
        </dd>
        <dt>Rollout stage</dt>
        <dd>{ROLLOUT_STAGES[rollout.rollout]}</dd>
      </dl>
      <p className="counts">
        <strong>{enrolledOf(rollout.enrolled, rollout.members, rollout.percent)}</strong>
      </p>
      <meter className="meter" min={0} max={100} value={rollout.percent} aria-label="Members enrolled">
        {rollout.percent} %
      </meter>
      <p>
        {rollout.pending === 0 ? (
          'Nobody is Pending.'
        ) : (
          <Link to={paths.adminUsers(org, 'pending')}>Pending: {count(rollout.pending, 'member')}</Link>
        )}
      </p>
      <NextStepPanel org={org} rollout={rollout} />
    </section>
  );
}
