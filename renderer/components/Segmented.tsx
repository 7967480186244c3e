// A segmented button group: one pressed option out of a few (chart type, normalisation, scales).
// Renders role=group with an aria-label and one button per option with aria-pressed; an option can
// carry a data-testid and be disabled with a title that says why.
import type { ReactNode } from 'react';

export interface SegmentedOption<T extends string> {
  value: T;
  label: ReactNode;
  testId?: string;
  /** Why the option cannot be chosen now; the button is disabled and shows it as its title. */
  disabledReason?: string | null;
}

export interface SegmentedProps<T extends string> {
  label: string;
  value: T;
  options: readonly SegmentedOption<NoInfer<T>>[];
  onChange(value: NoInfer<T>): void;
}

export function Segmented<T extends string>({ label, value, options, onChange }: SegmentedProps<T>) {
  return (
    <div className="segmented" role="group" aria-label={label}>
      {options.map((o) => (
        <button
          key={o.value}
          type="button"
          aria-pressed={value === o.value}
          disabled={o.disabledReason != null}
          title={o.disabledReason ?? undefined}
          onClick={() => onChange(o.value)}
          data-testid={o.testId}
        >
          {o.label}
        </button>
      ))}
    </div>
  );
}
