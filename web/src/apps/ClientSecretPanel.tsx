import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { AS_TYPED, Field } from '../shared/Fields';
import { useFocusOnAppear } from '../shared/focus';
import { CopyActions } from '../shared/CopyActions';
import { useCopy } from '../shared/useCopy';

/** A confidential app's new client secret, with its client ID. */
export interface ShownSecret {
  app: string;
  clientId: string;
  value: string;
}

/**
 * The client secret, shown this once after "Add app" or "Rotate secret", with a Copy button (the secret selected
 * where the clipboard is refused). It takes focus: it is what the admin must act on before leaving the page.
 */
export function ClientSecretPanel({ secret, onDone }: { secret: ShownSecret; onDone: () => void }) {
  const { t } = useTranslation('apps');
  const id = useId();
  const { field, said, copy } = useCopy<HTMLInputElement>({
    copied: t('secretCopied'),
    byHand: t('copySecretByHand'),
  });
  const start = useFocusOnAppear<HTMLDivElement>(secret);
  return (
    <div className="panel stack" role="group" aria-labelledby={`${id}-title`} tabIndex={-1} ref={start}>
      <h2 id={`${id}-title`}>{t('secretTitle', { name: secret.app })}</h2>
      <p>{t('secretCopyNow')}</p>
      <Field id={`${id}-client-id`} label={t('clientId')}>
        <input
          id={`${id}-client-id`}
          readOnly
          value={secret.clientId}
          data-testid="client-id"
          {...AS_TYPED}
          onFocus={(e) => e.target.select()}
        />
      </Field>
      <Field id={`${id}-secret`} label={t('clientSecret')}>
        <input
          id={`${id}-secret`}
          ref={field}
          readOnly
          value={secret.value}
          data-testid="client-secret"
          {...AS_TYPED}
          onFocus={(e) => e.target.select()}
        />
      </Field>
      <CopyActions
        copyLabel={t('copySecret')}
        onCopy={() => void copy(secret.value)}
        doneLabel={t('done')}
        onDone={onDone}
        said={said}
      />
    </div>
  );
}
