import { useState } from 'react';
import type { Message } from '../shared/Messages';

interface StepUp {
  needsConfirmation(err: unknown, retry: () => void): boolean;
}

/**
 * An admin page's actions: busy while one runs, then the page's data reloaded and a confirmation,
 * or the coded error; "Confirm it's you" first when the server asks, then the action again.
 */
export function useAdminAction({
  source,
  reload,
  stepUp,
  describeError,
}: {
  source: string;
  reload: () => Promise<void>;
  stepUp: StepUp;
  describeError: (err: unknown) => string | null;
}) {
  const [message, setMessage] = useState<Message | null>(null);
  const [busy, setBusy] = useState(false);

  async function run(action: () => Promise<string>) {
    setBusy(true);
    setMessage(null);
    try {
      const text = await action();
      await reload();
      setMessage({ kind: 'status', text, source });
    } catch (err) {
      if (stepUp.needsConfirmation(err, () => void run(action))) return;
      const text = describeError(err);
      setMessage(text ? { kind: 'error', text, source } : null);
    } finally {
      setBusy(false);
    }
  }

  return { run, busy, message };
}
