import i18next from 'i18next';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { Reply } from '../shared/api';
import { formatDate } from '../shared/format';
import { Field } from '../shared/Fields';
import { useFocusOnAppear } from '../shared/focus';
import { CopyActions } from '../shared/CopyActions';
import { useCopy } from '../shared/useCopy';

/** A new admin, as the operator's API answers: their setup link shown once, or emailed (SMTP is set). */
export type NewAdmin = Reply<'POST /api/platform/orgs/:slug/admins'>;

/** "Setup link emailed to …": where the link went when the operator is not handed it. */
export function emailedText(admin: NewAdmin): string {
  if (!admin.email) return '';
  const values = { username: admin.username, to: admin.email.to };
  if (admin.email.state === 'failed') return i18next.t('platform:emailFailed', values);
  return admin.email.state === 'queued'
    ? i18next.t('platform:emailQueued', values)
    : i18next.t('platform:emailSent', values);
}

/** An admin's one-time setup link, shown to the operator once, to copy and pass on. */
export interface Handover {
  orgName: string;
  username: string;
  url: string;
  expiresAt: number;
}

export function SetupLinkHandover({ handover, onDone }: { handover: Handover; onDone: () => void }) {
  const { t } = useTranslation(['platform', 'users']);
  const id = useId();
  const { field, said, copy } = useCopy<HTMLInputElement>({
    copied: t('users:linkCopied'),
    byHand: t('users:copyLinkByHand'),
  });
  // The link is shown this once, in place of the form: the keyboard and screen readers go on from it.
  const start = useFocusOnAppear<HTMLDivElement>(handover);
  return (
    <div className="panel stack" role="group" aria-labelledby={`${id}-heading`} tabIndex={-1} ref={start}>
      <h3 id={`${id}-heading`}>{t('setupLinkFor', { username: handover.username })}</h3>
      <p>
        {t('setupLinkGive', {
          username: handover.username,
          organisation: handover.orgName,
          expires: formatDate(handover.expiresAt),
        })}
      </p>
      <Field id={`${id}-link`} label={t('setupLink')}>
        <input id={`${id}-link`} ref={field} readOnly value={handover.url} onFocus={(e) => e.target.select()} />
      </Field>
      <CopyActions
        copyLabel={t('copyLink')}
        onCopy={() => void copy(handover.url)}
        doneLabel={t('done')}
        onDone={onDone}
        said={said}
      />
    </div>
  );
}
