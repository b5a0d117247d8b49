import i18next, { type FlatNamespace } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Component, lazy, Suspense, type ComponentType, type ReactNode } from 'react';
import { CardPage } from './Layout';

/**
 * A page whose code is its own chunk, fetched when first opened. With the chunk come the messages its
 * page uses that the first script does not carry: all of them, so nothing suspends (and blanks the page)
 * when a part of it appears later. test/web-namespaces.test.ts checks each list against the page's imports.
 */
export function lazyPage<K extends string, P extends object>(
  load: () => Promise<Record<K, ComponentType<P>>>,
  name: K,
  namespaces: FlatNamespace[],
) {
  return lazy(async () => {
    const [page] = await Promise.all([load(), i18next.loadNamespaces(namespaces)]);
    return { default: page[name] };
  });
}

/** Shown while a page's code is fetched: announced politely, and marked busy. */
function PageLoading() {
  const { t } = useTranslation('common');
  return (
    <CardPage>
      <p role="status" aria-busy="true">
        {t('loading')}
      </p>
    </CardPage>
  );
}

/**
 * A page's code that cannot be fetched (offline, or a new release replaced the files since this tab
 * opened): say so and offer a reload instead of a blank page.
 */
class PageLoadFailed extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  override render() {
    return this.state.failed ? <PageLoadFailedMessage /> : this.props.children;
  }
}

function PageLoadFailedMessage() {
  const { t } = useTranslation('common');
  return (
    <CardPage>
      <h1>{t('pageLoadFailedHeading')}</h1>
      <p role="alert">{t('pageLoadFailedText')}</p>
      <p>
        <button type="button" onClick={() => window.location.reload()}>
          {t('reloadButton')}
        </button>
      </p>
    </CardPage>
  );
}

/** Wraps the current page: a loading state while its chunk arrives, an error if it never does. */
export function PageFrame({ page, children }: { page: string; children: ReactNode }) {
  // Keyed by page, so an error on one page does not stick when the person goes to another.
  return (
    <PageLoadFailed key={page}>
      <Suspense fallback={<PageLoading />}>{children}</Suspense>
    </PageLoadFailed>
  );
}
