// The regulator's editor of the national reporting regime: its name and its stages (key, name,
// anchor, window, cap from awareness, required fields, on request), checked as typed with the
// server's rules (src/regime_editor.ts) and saved with PUT /api/v1/incident-regimes/national.
// Open incidents under the national regime follow the saved stages from then on; stages already
// submitted stay frozen.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { errorText } from '../errors';
import { t, tDynamic, type MessageKey } from '../i18n';
import {
  ANCHORS,
  emptyRow,
  MAX_STAGES,
  moveRow,
  problems,
  regimeFromRows,
  startingRows,
  type RowProblem,
  type StageRow,
} from '../regime_editor';
import type { Regime, RegimeSettings } from '../types';
import { DataTable } from '../components/data_table';

interface Props {
  settings: RegimeSettings;
  onSaved: (regime: Regime) => void;
}

export function NationalRegimeEditor({ settings, onSaved }: Props) {
  const national = settings.items.find((r) => r.id === 'national');
  const fallback = settings.items.find((r) => r.id === settings.default);
  const [name, setName] = useState(national?.name ?? '');
  const [rows, setRows] = useState<StageRow[]>(() => startingRows(national, fallback));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [tried, setTried] = useState(false);
  useEffect(() => {
    setName(national?.name ?? '');
    setRows(startingRows(national, fallback));
  }, [settings]);

  const found = problems(name, rows);
  const shown = tried ? found : [];
  const problemOf = (row: number, field: RowProblem['field']) => shown.find((p) => p.row === row && p.field === field);
  const change = (i: number, patch: Partial<StageRow>) => {
    setSaved(false);
    setRows(rows.map((r, n) => (n === i ? { ...r, ...patch } : r)));
  };
  const save = async (e: Event) => {
    e.preventDefault();
    setTried(true);
    setSaved(false);
    setError(null);
    if (found.length > 0) return;
    setBusy(true);
    try {
      const answer = await api.putNationalRegime(regimeFromRows(name, rows));
      setSaved(true);
      setTried(false);
      onSaved(answer);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="card" aria-labelledby="regime-editor-title" data-testid="regime-editor">
      <h2 id="regime-editor-title">{t('regimeEditor.heading')}</h2>
      <p class="muted">{t('regimeEditor.help')}</p>
      <form onSubmit={save} noValidate>
        <label class="field">
          <span>{t('regimeEditor.name')}</span>
          <input
            data-testid="regime-editor-regime-name"
            value={name}
            maxLength={200}
            aria-invalid={problemOf(-1, 'name') ? true : undefined}
            onInput={(e) => {
              setSaved(false);
              setName((e.currentTarget as HTMLInputElement).value);
            }}
          />
        </label>
        <div class="table-wrap">
          <DataTable
            testId="regime-editor-stages"
            headings={[
              t('regimeEditor.key'),
              t('regimes.stage'),
              t('regimeEditor.anchor'),
              t('regimeEditor.within'),
              t('regimeEditor.maxFromAwareness'),
              t('regimes.fields'),
              t('regimes.onRequest'),
              t('common.actions'),
            ]}
          >
            {rows.map((r, i) => (
              <StageRowEditor
                key={i}
                row={r}
                index={i}
                count={rows.length}
                earlierKeys={rows.slice(0, i).map((x) => x.key.trim()).filter((k) => k)}
                problemOf={(field) => problemOf(i, field)}
                onChange={(patch) => change(i, patch)}
                onMove={(delta) => setRows(moveRow(rows, i, delta))}
                onRemove={() => setRows(rows.filter((_, n) => n !== i))}
              />
            ))}
          </DataTable>
        </div>
        {shown.length > 0 && (
          <ul class="alert alert-error" role="alert" data-testid="regime-editor-problems">
            {shown.map((p, n) => (
              <li key={n}>
                {p.row >= 0 ? `${t('regimeEditor.row', { n: p.row + 1 })}: ` : ''}
                {t(p.key as MessageKey, p.params)}
              </li>
            ))}
          </ul>
        )}
        <div class="form-actions">
          <button
            type="button"
            class="button-secondary"
            disabled={rows.length >= MAX_STAGES}
            data-testid="regime-editor-add"
            onClick={() => setRows([...rows, emptyRow()])}
          >
            {t('regimeEditor.addStage')}
          </button>
          <button type="submit" class="button-primary" disabled={busy} data-testid="regime-editor-save">
            {t('regimeEditor.save')}
          </button>
          {saved && (
            <span role="status" class="muted" data-testid="regime-editor-saved">
              {t('incident.saved')}
            </span>
          )}
        </div>
      </form>
      {error && (
        <p class="alert alert-error" role="alert" data-testid="regime-editor-error">
          {error}
        </p>
      )}
    </section>
  );
}

interface RowProps {
  row: StageRow;
  index: number;
  count: number;
  earlierKeys: string[];
  problemOf: (field: RowProblem['field']) => RowProblem | undefined;
  onChange: (patch: Partial<StageRow>) => void;
  onMove: (delta: -1 | 1) => void;
  onRemove: () => void;
}

function StageRowEditor({ row, index, count, earlierKeys, problemOf, onChange, onMove, onRemove }: RowProps) {
  const n = index + 1;
  const text = (field: 'key' | 'name' | 'within' | 'maxFromAwareness' | 'fields', label: string, extra = {}) => (
    <input
      data-testid={`regime-editor-${field}`}
      aria-label={`${label} (${t('regimeEditor.row', { n })})`}
      aria-invalid={problemOf(field) ? true : undefined}
      value={row[field]}
      onInput={(e) => onChange({ [field]: (e.currentTarget as HTMLInputElement).value })}
      {...extra}
    />
  );
  return (
    <tr data-testid="regime-editor-row" data-row={index}>
      <td>{text('key', t('regimeEditor.key'), { size: 14, maxLength: 40 })}</td>
      <td>{text('name', t('regimes.stage'), { maxLength: 200 })}</td>
      <td>
        <select
          data-testid="regime-editor-anchor"
          aria-label={`${t('regimeEditor.anchor')} (${t('regimeEditor.row', { n })})`}
          value={row.anchor}
          onChange={(e) => onChange({ anchor: (e.currentTarget as HTMLSelectElement).value as StageRow['anchor'] })}
        >
          {ANCHORS.map((a) => (
            <option key={a} value={a}>
              {tDynamic(`regimes.anchor.${a}`, a)}
            </option>
          ))}
        </select>
        {row.anchor === 'notification' && (
          <select
            data-testid="regime-editor-anchor-stage"
            aria-label={`${t('regimeEditor.anchorStage')} (${t('regimeEditor.row', { n })})`}
            aria-invalid={problemOf('anchorStage') ? true : undefined}
            value={row.anchorStage}
            onChange={(e) => onChange({ anchorStage: (e.currentTarget as HTMLSelectElement).value })}
          >
            <option value="">{t('regimeEditor.chooseStage')}</option>
            {earlierKeys.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        )}
      </td>
      <td>{text('within', t('regimeEditor.within'), { size: 8, placeholder: 'PT24H' })}</td>
      <td>{text('maxFromAwareness', t('regimeEditor.maxFromAwareness'), { size: 8 })}</td>
      <td>{text('fields', t('regimes.fields'))}</td>
      <td>
        <input
          type="checkbox"
          data-testid="regime-editor-on-request"
          aria-label={`${t('regimes.onRequest')} (${t('regimeEditor.row', { n })})`}
          aria-invalid={problemOf('onRequest') ? true : undefined}
          checked={row.onRequest}
          onChange={(e) => onChange({ onRequest: (e.currentTarget as HTMLInputElement).checked })}
        />
      </td>
      <td>
        <button type="button" class="button-link" disabled={index === 0} onClick={() => onMove(-1)} aria-label={t('regimeEditor.up', { n })}>
          ↑
        </button>
        <button type="button" class="button-link" disabled={index === count - 1} onClick={() => onMove(1)} aria-label={t('regimeEditor.down', { n })}>
          ↓
        </button>
        <button type="button" class="button-link" disabled={count === 1} data-testid="regime-editor-remove" onClick={onRemove}>
          {t('regimeEditor.remove')}
        </button>
      </td>
    </tr>
  );
}
