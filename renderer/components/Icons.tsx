// Small inline SVG icons (no icon font, no remote content); decorative, hidden from screen readers.
import type { SnapshotKind } from '../../shared/model';

export function KindIcon({ kind }: { kind: SnapshotKind }) {
  return (
    <svg className={`kind-icon kind-${kind}`} width={14} height={14} viewBox="0 0 14 14" aria-hidden="true">
      {kind === 'startup' ? (
        <>
          <circle cx={7} cy={7.5} r={5.5} fill="none" stroke="currentColor" strokeWidth={1.4} />
          <path
            d="M7 4.5 V7.5 L9 9"
            fill="none"
            stroke="currentColor"
            strokeWidth={1.4}
            strokeLinecap="round"
          />
        </>
      ) : (
        <path
          d="M1.5 12 L5 7 L8 9 L12.5 2.5"
          fill="none"
          stroke="currentColor"
          strokeWidth={1.5}
          strokeLinejoin="round"
        />
      )}
    </svg>
  );
}
