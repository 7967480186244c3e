// Manual values of one snapshot, grouped by named scenario ("published chart assumptions"): each
// scenario can be switched off, applied again or removed as a whole (removal asks for a second click);
// an "Add manual value" form for a catalogue phase. Saves through `annotate` and `setScenario`.
import { useState, type FormEvent } from 'react';
import type { SnapshotDetail } from '../../shared/model';
import { ANNOTATABLE_PHASES, phaseLabel } from '../../shared/phases';
import { PUBLISHED_SCENARIO, publishedValues } from '../../shared/published-assumptions';
import type { Client } from '../api/client';
import { useAction } from './use-action';
import { PublishedGapTable } from './PublishedGapTable';
import { formatSecondsExact } from '../../shared/format';

const CATALOGUE: string[] = ANNOTATABLE_PHASES.filter((p) => p !== 'unattributed');
const scenarioTitle = (name: string) => (name === '' ? 'Unnamed values' : name);

export interface ManualValuesProps {
  client: Client;
  detail: SnapshotDetail;
  onChanged(): void;
}

export function ManualValues({ client, detail, onChanged }: ManualValuesProps) {
  const [open, setOpen] = useState(false);
  const [phase, setPhase] = useState<string>('fixed_init');
  const [seconds, setSeconds] = useState('');
  const [scenario, setScenario] = useState('');
  const [confirmRemove, setConfirmRemove] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const { busy, error, run } = useAction(onChanged);
  const manual = detail.phases.filter((p) => p.source === 'manual');
  const scenarios = detail.scenarios ?? [];
  const published = publishedValues(detail);
  const applyPublished = (): void => {
    if (!published) return;
    const apply = async (): Promise<void> => {
      for (const v of published.values)
        await client.api.annotate({ snapshot: detail.id, ...v, scenario: PUBLISHED_SCENARIO });
    };
    run(apply(), () => undefined);
  };
  const id = phase;
  const idValid = CATALOGUE.includes(id);
  const value = Number(seconds);
  const valueValid = seconds.trim() !== '' && Number.isFinite(value) && value >= 0 && value <= 1e7;

  const save = (phaseId: string, valueS: number | null, text: string): void => {
    const input = { snapshot: detail.id, phase: phaseId, valueS, note: text, scenario: scenario.trim() };
    run(client.api.annotate(input), () => {
      if (valueS != null) {
        setOpen(false);
        setSeconds('');
        setNote('');
      }
    });
  };
  const scenarioAction = (name: string, action: 'enable' | 'disable' | 'remove'): void => {
    setConfirmRemove(null);
    run(client.api.setScenario({ snapshot: detail.id, scenario: name, action }), () => undefined);
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
        <span className="toolbar">
          {published && !scenarios.some((x) => x.scenario === PUBLISHED_SCENARIO) ? (
            <button
              type="button"
              className="button small"
              disabled={busy}
              data-testid="apply-published"
              title={`The constants ${published.assumptions.figure} assumed in place of measured phases. Source: ${published.assumptions.source}`}
              onClick={applyPublished}
            >
              Apply published chart assumptions
            </button>
          ) : null}
          <button type="button" className="button small" aria-expanded={open} onClick={() => setOpen(!open)}>
            {open ? 'Cancel' : 'Add manual value'}
          </button>
        </span>
      </header>
      {scenarios.length === 0 ? (
        <p className="muted">
          None. Add time no log contains (node provisioning, an assumed constant from a published chart…).
        </p>
      ) : (
        scenarios.map((sc) => {
          const values = manual.filter((p) => (p.scenario ?? '') === sc.scenario);
          return (
            <div key={sc.scenario} className="scenario" data-testid="scenario" data-enabled={sc.enabled}>
              <div className="scenario-head">
                <strong>{scenarioTitle(sc.scenario)}</strong>{' '}
                <span className="muted">
                  {sc.enabled ? 'applied' : 'off: the measured values are shown'} · {sc.phases.length} value
                  {sc.phases.length === 1 ? '' : 's'}
                </span>
                <button
                  type="button"
                  className="button small"
                  disabled={busy}
                  onClick={() => scenarioAction(sc.scenario, sc.enabled ? 'disable' : 'enable')}
                >
                  {sc.enabled ? 'Switch off' : 'Apply'}
                </button>
                <button
                  type="button"
                  className="button small danger"
                  disabled={busy}
                  onClick={() =>
                    confirmRemove === sc.scenario
                      ? scenarioAction(sc.scenario, 'remove')
                      : setConfirmRemove(sc.scenario)
                  }
                >
                  {confirmRemove === sc.scenario ? `Confirm: remove ${sc.phases.length}` : 'Remove all'}
                </button>
              </div>
              {sc.enabled ? (
                <ul className="manual-list">
                  {values.map((p) => (
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
              ) : (
                <p className="muted">{sc.phases.map(phaseLabel).join(', ')}</p>
              )}
            </div>
          );
        })
      )}
      <PublishedGapTable detail={detail} />
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
            </select>
          </label>
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
          <label>
            Scenario
            <input
              value={scenario}
              maxLength={100}
              list="manual-scenarios"
              onChange={(e) => setScenario(e.target.value)}
              placeholder="e.g. published chart assumptions"
            />
            <datalist id="manual-scenarios">
              {scenarios
                .filter((x) => x.scenario !== '')
                .map((x) => (
                  <option key={x.scenario} value={x.scenario} />
                ))}
            </datalist>
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
