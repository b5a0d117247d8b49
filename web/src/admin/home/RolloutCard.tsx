import { useTranslation } from 'react-i18next';
import type { AdminHome } from '../adminApi';
import { Link, paths } from '../../shared/router';
import { NextStepPanel } from './NextStepPanel';
import { enrolledOf, rolloutStageLabel } from './rolloutText';

/** The rollout card: passkeys on or off, optional or mandatory, the stage, how many enrolled, and the next step. */
export function RolloutCard({ org, rollout }: { org: string; rollout: AdminHome['rollout'] }) {
  const { t } = useTranslation('admin-home');
  const on = rollout.passkeysAvailable && rollout.passkeysEnabled;
  return (
    <section className="section" aria-labelledby="rollout-heading">
      <h2 id="rollout-heading">{t('rolloutHeading')}</h2>
      <dl className="details">
        <dt>{t('passkeysTerm')}</dt>
        <dd>{on ? t('passkeysOn') : rollout.passkeysAvailable ? t('passkeysOff') : t('passkeysNotAvailable')}</dd>
        <dt>{t('creatingOneTerm')}</dt>
        <dd>{rollout.passkeysMandatory ? t('creatingMandatory') : t('creatingOptional')}</dd>
        <dt>{t('rolloutStageTerm')}</dt>
        <dd>{rolloutStageLabel(rollout.rollout)}</dd>
      </dl>
      <p className="counts">
        <strong>{enrolledOf(rollout.enrolled, rollout.members, rollout.percent)}</strong>
      </p>
      <meter className="meter" min={0} max={100} value={rollout.percent} aria-label={t('membersEnrolledMeter')}>
        {t('percent', { percent: rollout.percent })}
      </meter>
      <p>
        {rollout.pending === 0 ? (
          t('nobodyPending')
        ) : (
          <Link to={paths.adminUsers(org, 'pending')}>{t('pendingLink', { count: rollout.pending })}</Link>
        )}
      </p>
      <NextStepPanel org={org} rollout={rollout} />
    </section>
  );
}
