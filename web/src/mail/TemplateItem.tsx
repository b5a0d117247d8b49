import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ItemRow } from '../shared/ItemList';

/** One template in the list: its name and subject, "Default" when it is, its text on demand, and its buttons. */
export function TemplateItem({
  name,
  subject,
  body,
  isDefault,
  builtIn,
  children,
}: {
  name: string;
  subject: string;
  body: string;
  isDefault: boolean;
  builtIn: boolean;
  /** The buttons. */
  children: ReactNode;
}) {
  const { t } = useTranslation('templates');
  return (
    <ItemRow actions={children}>
      <p className="item__title">
        {name}
        {isDefault && <span className="badge">{t('defaultBadge')}</span>}
        {builtIn && <span className="badge badge--muted">{t('builtInBadge')}</span>}
      </p>
      <p className="item__meta">{t('subjectLine', { subject })}</p>
      <details className="template-text">
        <summary>{t('showText')}</summary>
        <pre className="preview__body">{body}</pre>
      </details>
    </ItemRow>
  );
}
