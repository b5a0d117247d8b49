import { useCallback, useRef, useState, type FormEvent } from 'react';
import { errorMessage } from './api';

export interface RunOptions {
  /** The failure's words in `error` (by default the coded error's message); null or '' shows nothing. */
  describe?: (err: unknown) => string | null;
  /**
   * Reports the failure itself instead of `error`: a message with its source, a row's own error, the
   * keyboard moved to it, a switch moved back. Busy until it has finished.
   */
  onError?: (err: unknown) => void | Promise<void>;
  /** Stays busy once the action succeeded: the page is about to change (a sign-in moving on). */
  keepBusy?: boolean;
  /** Runs even while another action runs: what the person already did (a passkey picked) is never dropped. */
  evenIfRunning?: boolean;
}

/**
 * "Run an action, show busy and the coded error": one place for the try/catch/finally every form repeats.
 * `run` clears the last error, is busy while the action runs, and resolves true when it succeeded.
 * A second press while the first runs is ignored (the button stays focusable: see BusyButton).
 */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const running = useRef(false);

  const run = useCallback(async (action: () => Promise<void>, options: RunOptions = {}) => {
    const { describe = errorMessage, onError, keepBusy, evenIfRunning } = options;
    if (running.current && !evenIfRunning) return false;
    running.current = true;
    setBusy(true);
    setError(null);
    let succeeded = false;
    try {
      await action();
      succeeded = true;
    } catch (err) {
      if (onError) await onError(err);
      else setError(describe(err));
    } finally {
      if (!succeeded || !keepBusy) {
        running.current = false;
        setBusy(false);
      }
    }
    return succeeded;
  }, []);

  /** A form's onSubmit that runs `action` as `run` does, the page staying where it is. */
  const submit = useCallback(
    (action: () => Promise<void>, options?: RunOptions) => (event: FormEvent) => {
      event.preventDefault();
      void run(action, options);
    },
    [run],
  );

  return { run, submit, busy, error, setError };
}

/**
 * The same for actions on the rows of a list (a switch per organisation): `busyKey` is the row whose
 * action started last, until an action ends. Rows do not wait for each other.
 */
export function useRowAction<K>() {
  const [busyKey, setBusyKey] = useState<K | null>(null);

  const run = useCallback(async (key: K, action: () => Promise<void>, onError: (err: unknown) => void) => {
    setBusyKey(key);
    try {
      await action();
    } catch (err) {
      onError(err);
    } finally {
      setBusyKey(null);
    }
  }, []);

  return { run, busyKey };
}
