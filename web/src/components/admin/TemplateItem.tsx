import type { ReactNode } from 'react';

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
  return (
    <li className="item">
      <div className="item__main">
        <p className="item__title">
          {name}
          {isDefault && <span className="badge">Default</span>}
          {builtIn && <span className="badge badge--muted">Built-in</span>}
        </p>
        <p className="item__meta">Subject: {subject}</p>
        <details className="template-text">
          <summary>Show text</summary>
          <pre className="preview__body">{body}</pre>
        </details>
      </div>
      <div className="item__actions">{children}</div>
    </li>
  );
}
