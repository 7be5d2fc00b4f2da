// The CERT's controls on an incident: triage (status, severity, TLP, assignee) and sharing its
// indicators as a STIX 2.1 report with a chosen TLP into a TAXII collection it may write.
import { useState } from 'preact/hooks';
import { api } from '../api';
import { errorText } from '../errors';
import { t } from '../i18n';
import { useLoad } from '../hooks';
import { SEVERITIES, STATUSES, TLPS } from '../incidents';
import type { Incident, IncidentShare } from '../types';
import { incidentStatusLabel, severityLabel } from './incidents';

export function TriagePanel({ incident, onUpdated }: { incident: Incident; onUpdated: (i: Incident) => void }) {
  const [f, setF] = useState({
    status: incident.status as string,
    severity: incident.severity as string,
    tlp: incident.tlp as string,
    assignee: incident.assignee ?? '',
  });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const set = (key: keyof typeof f) => (e: Event) => {
    setSaved(false);
    setF({ ...f, [key]: (e.currentTarget as HTMLInputElement).value });
  };
  const save = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      // Only what changed, so two analysts' edits of different fields do not undo each other.
      const change: Record<string, string | null> = {};
      if (f.status !== incident.status) change.status = f.status;
      if (f.severity !== incident.severity) change.severity = f.severity;
      if (f.tlp !== incident.tlp) change.tlp = f.tlp;
      const assignee = f.assignee.trim();
      if (assignee !== (incident.assignee ?? '')) change.assignee = assignee || null;
      if (Object.keys(change).length > 0) onUpdated(await api.triageIncident(incident.id, change));
      setSaved(true);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="card" aria-labelledby="triage-title" data-testid="triage">
      <h3 id="triage-title">{t('incident.triage')}</h3>
      <form class="form-grid" onSubmit={save} data-testid="triage-form">
        <label class="field">
          <span>{t('incident.status')}</span>
          <select data-testid="triage-status" value={f.status} onChange={set('status')}>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {incidentStatusLabel(s)}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span>{t('incident.severity')}</span>
          <select data-testid="triage-severity" value={f.severity} onChange={set('severity')}>
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {severityLabel(s)}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span>TLP</span>
          <select data-testid="triage-tlp" value={f.tlp} onChange={set('tlp')}>
            {TLPS.map((s) => (
              <option key={s} value={s}>
                {`TLP:${s.toUpperCase()}`}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span>{t('incident.assignee')}</span>
          <input data-testid="triage-assignee" maxLength={100} placeholder={t('incident.assigneeHint')} value={f.assignee} onInput={set('assignee')} />
        </label>
        <div class="form-actions">
          <button type="submit" class="button-primary" disabled={busy} data-testid="triage-save">
            {t('incident.saveTriage')}
          </button>
          {saved && (
            <span class="muted" role="status" data-testid="triage-saved">
              {t('incident.saved')}
            </span>
          )}
        </div>
      </form>
      {error && (
        <p class="alert alert-error" role="alert" data-testid="triage-error">
          {error}
        </p>
      )}
      <SharePanel incident={incident} onShared={() => onUpdated(incident)} />
    </section>
  );
}

function SharePanel({ incident, onShared }: { incident: Incident; onShared: () => void }) {
  const collections = useLoad(() => api.taxiiCollections(), []);
  const writable = (collections.data ?? []).filter((c) => c.can_write);
  const [tlp, setTlp] = useState<string>(incident.tlp);
  const [collection, setCollection] = useState('');
  const [result, setResult] = useState<IncidentShare | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const chosen = collection || writable[0]?.id || '';
  const share = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setResult(await api.shareIncident(incident.id, tlp, chosen));
      onShared();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="form-grid" onSubmit={share} data-testid="share-form" aria-labelledby="share-title">
      <h4 id="share-title" class="field-wide">
        {t('incident.share')}
      </h4>
      <p class="muted field-wide">{t('incident.shareHelp', { n: incident.indicators.length })}</p>
      <label class="field">
        <span>TLP</span>
        <select data-testid="share-tlp" value={tlp} onChange={(e) => setTlp((e.currentTarget as HTMLSelectElement).value)}>
          {TLPS.map((s) => (
            <option key={s} value={s}>
              {`TLP:${s.toUpperCase()}`}
            </option>
          ))}
        </select>
      </label>
      <label class="field">
        <span>{t('incident.collection')}</span>
        <select data-testid="share-collection" value={chosen} onChange={(e) => setCollection((e.currentTarget as HTMLSelectElement).value)}>
          {writable.map((c) => (
            <option key={c.id} value={c.id}>
              {c.title}
            </option>
          ))}
        </select>
      </label>
      <div class="form-actions">
        <button type="submit" class="button-secondary" disabled={busy || !chosen} data-testid="share-submit">
          {t('incident.shareSubmit')}
        </button>
      </div>
      {result && (
        <p class="alert alert-success field-wide" role="status" data-testid="share-result" data-report-id={result.report_id}>
          {t('incident.shared', { report: result.report_id, n: result.indicator_ids.length })}
        </p>
      )}
      {error && (
        <p class="alert alert-error field-wide" role="alert" data-testid="share-error">
          {error}
        </p>
      )}
    </form>
  );
}
