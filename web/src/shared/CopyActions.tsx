import { Status } from './Messages';

/** The buttons under a value shown this once (a link, a secret): Copy, Done, and what the copy said (read out). */
export function CopyActions({
  copyLabel,
  onCopy,
  doneLabel,
  onDone,
  said,
}: {
  copyLabel: string;
  onCopy: () => void;
  doneLabel: string;
  onDone: () => void;
  said: string | null;
}) {
  return (
    <>
      <div className="actions">
        <button type="button" className="button" onClick={onCopy}>
          {copyLabel}
        </button>
        <button type="button" className="button" onClick={onDone}>
          {doneLabel}
        </button>
      </div>
      <Status message={said} />
    </>
  );
}
