// The "Compare with…" toggle of the startup and serving views: pressed while the library waits for
// a snapshot to be picked, and then says so.

export function CompareWithButton({
  picking,
  onClick,
  label = 'Compare with…',
}: {
  picking: boolean;
  onClick(): void;
  /** What the button says when not picking. */
  label?: string;
}) {
  return (
    <button
      type="button"
      className="button"
      aria-pressed={picking}
      onClick={onClick}
      data-testid="compare-with"
    >
      {picking ? 'Pick a snapshot…' : label}
    </button>
  );
}
