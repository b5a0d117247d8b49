import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AdminHome } from '../adminApi';
import { Link, paths } from '../../shared/router';
import { CopyText } from './CopyText';
import { announcement, pilotInvitation, reminder } from './rolloutText';

const STEPS = ['stepTryYourself', 'stepPilot', 'stepEveryone'] as const;
const stepIndex: Record<AdminHome['rollout']['nextStep'], number> = {
  'ask-operator': 0,
  'turn-on': 0,
  'try-yourself': 0,
  pilot: 1,
  everyone: 2,
  'remind-pending': 3,
  done: 3,
};

/**
 * The recommended order (try it yourself → pilot group → everyone), where this organisation is in it, and what to do
 * next.
 */
export function NextStepPanel({ org, rollout }: { org: string; rollout: AdminHome['rollout'] }) {
  const { t } = useTranslation('admin-home');
  const current = stepIndex[rollout.nextStep];
  const settings = <Link to={paths.orgSettingsPasskeys(org)}>{t('openPasskeySettings')}</Link>;
  let step: { title: string; body: ReactNode };
  switch (rollout.nextStep) {
    case 'ask-operator':
      step = { title: t('askOperatorTitle'), body: <p>{t('askOperatorBody')}</p> };
      break;
    case 'turn-on':
      step = {
        title: t('turnOnTitle'),
        body: (
          <p>
            {t('turnOnBody')} {settings}
          </p>
        ),
      };
      break;
    case 'try-yourself':
      step = {
        title: t('stepTryYourself'),
        body: (
          <>
            <p>{t('tryYourselfIntro')}</p>
            <ol>
              <li>{t('tryYourselfAddPasskey')}</li>
              <li>{t('tryYourselfSignInAgain')}</li>
              <li>{t('tryYourselfPassword')}</li>
            </ol>
            <p>
              <Link to={paths.passkeys(org)}>{t('addPasskeyToYourAccount')}</Link>
            </p>
          </>
        ),
      };
      break;
    case 'pilot':
      step = {
        title: t('pilotTitle'),
        body: (
          <>
            <p>
              {t('pilotBody')} {settings}
            </p>
            <CopyText label={t('pilotMessageLabel')} text={pilotInvitation()} />
          </>
        ),
      };
      break;
    case 'everyone':
      step = {
        title: t('everyoneTitle'),
        body: (
          <>
            <p>
              {t('everyoneBody')} {settings}
            </p>
            <CopyText label={t('announcementLabel')} text={announcement(rollout)} />
          </>
        ),
      };
      break;
    case 'remind-pending':
      step = {
        title: t('remindPendingTitle', { count: rollout.pending }),
        body: (
          <>
            <p>{t('remindPendingBody')}</p>
            <CopyText label={t('announcementLabel')} text={reminder(rollout)} />
          </>
        ),
      };
      break;
    case 'done':
      step = { title: t('doneTitle'), body: <p>{t('doneBody')}</p> };
      break;
  }

  return (
    <div className="panel stack next-step">
      <ol className="steps" aria-label={t('recommendedRollout')}>
        {STEPS.map((name, i) => (
          <li
            key={name}
            className={i < current ? 'steps__done' : i === current ? 'steps__current' : undefined}
            aria-current={i === current ? 'step' : undefined}
          >
            {i < current
              ? t('stepDone', { name: t(name) })
              : i === current
                ? t('stepNext', { name: t(name) })
                : t(name)}
          </li>
        ))}
      </ol>
      <h3>{t('nextStep', { title: step.title })}</h3>
      {step.body}
    </div>
  );
}
