// Manual values of one snapshot: list (with Remove) and an "Add manual value" form for a catalogue
// phase or a custom id such as node_provisioning. Saves through `annotate`; null removes.
import { useState, type FormEvent } from 'react';
import type { SnapshotDetail } from '../../shared/model';
import { CHILD_PHASES, PHASE_ID_PATTERN, TOP_PHASES, phaseLabel } from '../../shared/phases';
import type { Client } from '../api/client';
import { formatSecondsExact } from '../../shared/format';

const CATALOGUE: string[] = [
  ...TOP_PHASES.filter((p) => p !== 'unattributed'),
  ...Object.values(CHILD_PHASES).flat(),
];
const CUSTOM = '__custom__';

export interface ManualValuesProps {
  client: Client;
  detail: SnapshotDetail;
  onChanged(): void;
}

export function ManualValues({ client, detail, onChanged }: ManualValuesProps) {
  const [open, setOpen] = useState(false);
  const [phase, setPhase] = useState<string>('fixed_init');
  const [custom, setCustom] = useState('node_provisioning');
  const [seconds, setSeconds] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const manual = detail.phases.filter((p) => p.source === 'manual');
  const id = phase === CUSTOM ? custom.trim() : phase;
  const idValid = PHASE_ID_PATTERN.test(id);
  const value = Number(seconds);
  const valueValid = seconds.trim() !== '' && Number.isFinite(value) && value >= 0 && value <= 1e7;

  const save = (phaseId: string, valueS: number | null, text: string): void => {
    setBusy(true);
    setError(null);
    client.api.annotate({ snapshot: detail.id, phase: phaseId, valueS, note: text }).then(
      () => {
        setBusy(false);
        if (valueS != null) {
          setOpen(false);
          setSeconds('');
          setNote('');
        }
        onChanged();
      },
      (e: unknown) => {
        setBusy(false);
        setError(e instanceof Error ? e.message : String(e));
      },
    );
  };
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (idValid && valueValid) save(id, value, note);
  };

  return (
    <section className="manual-values" aria-label={`Manual values of ${detail.name}`}>
      <header className="chart-frame-header">
        <h3>
          Manual values · <span className="muted">{detail.name}</span>
        </h3>
        <button type="button" className="button small" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? 'Cancel' : 'Add manual value'}
        </button>
      </header>
      {manual.length === 0 ? (
        <p className="muted">
          None. Add time no log contains (node provisioning, an assumed constant from a published chart…).
        </p>
      ) : (
        <ul className="manual-list">
          {manual.map((p) => (
            <li key={p.id}>
              <span className="manual-tag">manual</span> <strong>{phaseLabel(p.id)}</strong>{' '}
              {formatSecondsExact(p.durationS)}
              {p.measuredS != null ? (
                <span className="muted"> (measured {formatSecondsExact(p.measuredS)})</span>
              ) : null}
              {p.note ? <span className="muted"> — {p.note}</span> : null}
              <button
                type="button"
                className="button small danger"
                disabled={busy}
                onClick={() => save(p.id, null, '')}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      {open ? (
        <form className="manual-form" onSubmit={submit}>
          <label>
            Phase
            <select value={phase} onChange={(e) => setPhase(e.target.value)}>
              {CATALOGUE.map((p) => (
                <option key={p} value={p}>
                  {phaseLabel(p)}
                </option>
              ))}
              <option value={CUSTOM}>Custom id…</option>
            </select>
          </label>
          {phase === CUSTOM ? (
            <label>
              Custom id
              <input
                value={custom}
                onChange={(e) => setCustom(e.target.value)}
                aria-invalid={!idValid}
                pattern={PHASE_ID_PATTERN.source}
                placeholder="node_provisioning"
              />
            </label>
          ) : null}
          <label>
            Seconds
            <input
              type="number"
              min={0}
              step="any"
              value={seconds}
              onChange={(e) => setSeconds(e.target.value)}
              required
            />
          </label>
          <label className="grow">
            Note
            <input
              value={note}
              maxLength={2000}
              onChange={(e) => setNote(e.target.value)}
              placeholder="e.g. published constant"
            />
          </label>
          <button type="submit" className="button primary" disabled={busy || !idValid || !valueValid}>
            Save
          </button>
        </form>
      ) : null}
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
    </section>
  );
}
