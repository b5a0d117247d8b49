import { useCallback, useRef, useState } from 'react';
import { errorMessage } from './api';

/**
 * "Run an action, show busy and the coded error": one place for the try/catch/finally every form repeats.
 * A second press while the first runs is ignored (the button stays focusable: see BusyButton).
 */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const running = useRef(false);

  const run = useCallback(async (action: () => Promise<void>, describe: (err: unknown) => string = errorMessage) => {
    if (running.current) return;
    running.current = true;
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (err) {
      setError(describe(err));
    } finally {
      running.current = false;
      setBusy(false);
    }
  }, []);

  return { run, busy, error, setError };
}
