import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useFocusOnAppear } from './focus';

/**
 * An error or a warning a person must notice: read out at once by screen readers, and focused when it appears
 * (or changes), so the keyboard continues from the error rather than from the top of the page.
 */
export function Alert({ message }: { message: string | null | undefined }) {
  const ref = useFocusOnAppear<HTMLDivElement>(message);
  if (!message) return null;
  return (
    <div role="alert" className="alert" tabIndex={-1} ref={ref}>
      {message}
    </div>
  );
}

/** Confirmation that something worked: announced politely. */
export function Status({ message }: { message: string | null | undefined }) {
  if (!message) return null;
  return (
    <div role="status" className="status">
      {message}
    </div>
  );
}

export function Loading({ what }: { what?: string }) {
  const { t } = useTranslation('common');
  return (
    <p className="muted" aria-busy="true">
      {what ?? t('loading')}
    </p>
  );
}

/** One message for a page: an error (alert) or a confirmation (status), shown by the part of the page it is about. */
export interface Message {
  kind: 'error' | 'status';
  text: string;
  source: string;
}

export type Report = (message: Message | null) => void;

/** What a part of a page gets to show its outcome in the page's one message place. */
export interface Reporting {
  message: Message | null;
  report: Report;
  /** Turns an error into the text to show (null: nothing to show, e.g. after going to sign in). */
  describeError: (err: unknown) => string | null;
}

/** What a section of an organisation's page that reports in the page's message place gets. */
export type OrgReporting = Reporting & { org: string };

/**
 * A failure reported as an error of `source`: `describe` gives its words, or null when there is nothing to
 * show here (the page itself deals with it, e.g. a sign-out).
 */
export function reportError(report: Report, source: string, describe: (err: unknown) => string | null) {
  return (err: unknown) => {
    const text = describe(err);
    report(text ? { kind: 'error', text, source } : null);
  };
}

export function MessageView({ message, source }: { message: Message | null; source: string }) {
  if (!message || message.source !== source) return null;
  return message.kind === 'error' ? <Alert message={message.text} /> : <Status message={message.text} />;
}

/**
 * A page's one resource as the reader sees it: not theirs to see, the error, loading, or what it holds.
 * `forbidden` wins: a page the reader may not see says so rather than an error or a spinner.
 */
export function Loaded<T>({
  forbidden,
  forbiddenText,
  error,
  data,
  children,
}: {
  forbidden: boolean;
  forbiddenText: string;
  error: string | null;
  data: T | null | undefined;
  children: (data: T) => ReactNode;
}) {
  if (forbidden) return <Alert message={forbiddenText} />;
  if (!data) return error ? <Alert message={error} /> : <Loading />;
  return <>{children(data)}</>;
}
