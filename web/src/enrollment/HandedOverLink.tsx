import { useTranslation } from 'react-i18next';
import { Status } from '../shared/Messages';
import { useCopy } from '../shared/useCopy';

/** An enrollment link shown instead of sent (no email server): this once, wide enough to check, with Copy. */
export function HandedOverLink({ username, link }: { username: string; link: string }) {
  const { t } = useTranslation('users');
  const { field, said, copy } = useCopy<HTMLInputElement>({ copied: t('linkCopied'), byHand: t('copyLinkByHand') });
  return (
    <span className="handed-over-link">
      <span className="muted">{t('rowLinkShown')}</span>
      <input
        ref={field}
        aria-label={t('enrollmentLinkFor', { username })}
        readOnly
        value={link}
        onFocus={(e) => e.target.select()}
      />
      <button type="button" className="button" onClick={() => void copy(link)}>
        {t('copyLink')}
      </button>
      <Status message={said} />
    </span>
  );
}
