import { useState } from 'react';
import { reportError, type Message } from '../shared/Messages';
import { useAction } from '../shared/useAction';

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
  const { run: runAction, busy } = useAction();

  async function run(action: () => Promise<string>) {
    await runAction(
      async () => {
        setMessage(null);
        const text = await action();
        await reload();
        setMessage({ kind: 'status', text, source });
      },
      {
        onError: (err) => {
          if (!stepUp.needsConfirmation(err, () => void run(action)))
            reportError(setMessage, source, describeError)(err);
        },
      },
    );
  }

  return { run, busy, message };
}
