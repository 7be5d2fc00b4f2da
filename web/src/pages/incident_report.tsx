// The operator's report form: the CII objects concerned (from the organisation's registry), the
// moment of awareness in the user's own time zone (sent as UTC), how it was detected, what
// happened, whether malicious or cross-border, affected services, C/I/A impact, severity and
// indicators as type + value rows.
import { useState } from 'preact/hooks';
import { api, fetchAll } from '../api';
import { errorText } from '../errors';
import { t, tDynamic } from '../i18n';
import { useLoad } from '../hooks';
import {
  IMPACT_LEVELS,
  INDICATOR_TYPES,
  SEVERITIES,
  indicatorsToSend,
  localTimeZone,
  localToUtc,
  utcToLocalInput,
  type IndicatorRow,
} from '../incidents';
import type { Incident, IncidentSeverity, ImpactLevel } from '../types';
import { severityLabel } from './incidents';

const impactLabel = (level: string) => tDynamic(`impact.${level}`, level);
const AXES = ['confidentiality', 'integrity', 'availability'] as const;

export function ReportForm({ onReported }: { onReported: (i: Incident) => void }) {
  const objects = useLoad(() => fetchAll((cursor) => api.listObjects({ limit: 1000, cursor })), []);
  const zone = localTimeZone();
  const [objectIds, setObjectIds] = useState<number[]>([]);
  const [f, setF] = useState({
    title: '',
    description: '',
    detection_source: '',
    aware_at: utcToLocalInput(new Date().toISOString(), zone),
    classified_at: '',
    malicious: false,
    cross_border: false,
    affected_services: '',
    severity: 'medium' as IncidentSeverity,
  });
  const [impact, setImpact] = useState<Record<(typeof AXES)[number], ImpactLevel>>({
    confidentiality: 'none',
    integrity: 'none',
    availability: 'none',
  });
  const [indicators, setIndicators] = useState<IndicatorRow[]>([{ type: 'ipv4-addr', value: '' }]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const set = (key: keyof typeof f) => (e: Event) => {
    const el = e.currentTarget as HTMLInputElement;
    setF({ ...f, [key]: el.type === 'checkbox' ? el.checked : el.value });
  };
  const setRow = (i: number, row: Partial<IndicatorRow>) =>
    setIndicators(indicators.map((r, j) => (j === i ? { ...r, ...row } : r)));

  const submit = async (e: Event) => {
    e.preventDefault();
    if (objectIds.length === 0) {
      setError(t('report.chooseObject'));
      return;
    }
    const awareAt = localToUtc(f.aware_at, zone);
    if (!awareAt) {
      setError(t('report.badTime'));
      return;
    }
    // Optional: when the incident was classified as significant (starts DORA's 4 h clock).
    const classifiedAt = f.classified_at ? localToUtc(f.classified_at, zone) : null;
    if (f.classified_at && !classifiedAt) {
      setError(t('report.badTime'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onReported(
        await api.reportIncident({
          object_ids: objectIds,
          title: f.title.trim(),
          description: f.description.trim(),
          detection_source: f.detection_source.trim(),
          aware_at: awareAt,
          ...(classifiedAt ? { classified_at: classifiedAt } : {}),
          malicious: f.malicious,
          cross_border: f.cross_border,
          affected_services: f.affected_services.trim(),
          impact,
          severity: f.severity,
          indicators: indicatorsToSend(indicators),
        }),
      );
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <article class="card" aria-labelledby="report-title">
      <h2 id="report-title">{t('report.heading')}</h2>
      <form class="form-grid" onSubmit={submit} data-testid="report-form">
        <fieldset class="field field-wide" data-testid="report-objects">
          <legend>{t('report.objects')}</legend>
          {objects.error && <p class="alert alert-error">{objects.error}</p>}
          {objects.data?.length === 0 && <p class="muted">{t('report.noObjects')}</p>}
          {objects.data?.map((o) => (
            <label key={o.id} class="check">
              <input
                type="checkbox"
                data-testid="report-object"
                data-object-name={o.name}
                checked={objectIds.includes(o.id)}
                onChange={(e) =>
                  setObjectIds(
                    (e.currentTarget as HTMLInputElement).checked
                      ? [...objectIds, o.id]
                      : objectIds.filter((x) => x !== o.id),
                  )
                }
              />{' '}
              {o.name}
            </label>
          ))}
        </fieldset>
        <label class="field field-wide">
          <span>{t('incident.title')}</span>
          <input data-testid="report-title" required maxLength={200} value={f.title} onInput={set('title')} />
        </label>
        <label class="field field-wide">
          <span>{t('incident.description')}</span>
          <textarea data-testid="report-description" required rows={3} maxLength={10000} value={f.description} onInput={set('description')} />
        </label>
        <label class="field">
          <span>{t('incident.awareAt')}</span>
          <input
            type="datetime-local"
            data-testid="report-aware-at"
            required
            value={f.aware_at}
            onInput={set('aware_at')}
            aria-describedby="report-zone"
          />
          <small id="report-zone" class="muted">
            {t('report.timeZone', { zone })}
          </small>
        </label>
        <label class="field">
          <span>{t('report.classifiedAt')}</span>
          <input
            type="datetime-local"
            data-testid="report-classified-at"
            value={f.classified_at}
            onInput={set('classified_at')}
            aria-describedby="report-classified-help"
          />
          <small id="report-classified-help" class="muted">
            {t('report.classifiedHelp')}
          </small>
        </label>
        <label class="field">
          <span>{t('incident.detectionSource')}</span>
          <input data-testid="report-source" maxLength={200} value={f.detection_source} onInput={set('detection_source')} />
        </label>
        <label class="field">
          <span>{t('incident.affectedServices')}</span>
          <input data-testid="report-services" maxLength={2000} value={f.affected_services} onInput={set('affected_services')} />
        </label>
        <label class="field">
          <span>{t('incident.severity')}</span>
          <select data-testid="report-severity" value={f.severity} onChange={set('severity')}>
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {severityLabel(s)}
              </option>
            ))}
          </select>
        </label>
        <label class="check">
          <input type="checkbox" data-testid="report-malicious" checked={f.malicious} onChange={set('malicious')} />{' '}
          {t('incident.malicious')}
        </label>
        <label class="check">
          <input type="checkbox" data-testid="report-cross-border" checked={f.cross_border} onChange={set('cross_border')} />{' '}
          {t('incident.crossBorder')}
        </label>
        <fieldset class="field field-wide">
          <legend>{t('incident.impact')}</legend>
          <div class="filters">
            {AXES.map((axis) => (
              <label key={axis} class="field">
                <span>{t(`impactAxis.${axis}`)}</span>
                <select
                  data-testid={`report-impact-${axis}`}
                  value={impact[axis]}
                  onChange={(e) => setImpact({ ...impact, [axis]: (e.currentTarget as HTMLSelectElement).value as ImpactLevel })}
                >
                  {IMPACT_LEVELS.map((l) => (
                    <option key={l} value={l}>
                      {impactLabel(l)}
                    </option>
                  ))}
                </select>
              </label>
            ))}
          </div>
        </fieldset>
        <fieldset class="field field-wide" data-testid="report-indicators">
          <legend>{t('incident.indicators')}</legend>
          {indicators.map((row, i) => (
            <div key={i} class="filters indicator-row" data-testid="indicator-row">
              <label class="field">
                <span>{t('report.indicatorType')}</span>
                <select data-testid="indicator-type" value={row.type} onChange={(e) => setRow(i, { type: (e.currentTarget as HTMLSelectElement).value })}>
                  {INDICATOR_TYPES.map((type) => (
                    <option key={type} value={type}>
                      {type}
                    </option>
                  ))}
                </select>
              </label>
              <label class="field">
                <span>{t('report.indicatorValue')}</span>
                <input data-testid="indicator-value" maxLength={2000} value={row.value} onInput={(e) => setRow(i, { value: (e.currentTarget as HTMLInputElement).value })} />
              </label>
              <button
                type="button"
                class="button-secondary"
                data-testid="indicator-remove"
                aria-label={t('report.removeIndicator')}
                onClick={() => setIndicators(indicators.filter((_, j) => j !== i))}
              >
                ×
              </button>
            </div>
          ))}
          <button
            type="button"
            class="button-secondary"
            data-testid="indicator-add"
            onClick={() => setIndicators([...indicators, { type: 'ipv4-addr', value: '' }])}
          >
            {t('report.addIndicator')}
          </button>
        </fieldset>
        <div class="form-actions">
          <button type="submit" class="button-primary" disabled={busy} data-testid="report-submit">
            {t('report.submit')}
          </button>
        </div>
      </form>
      {error && (
        <p class="alert alert-error" role="alert" data-testid="report-error">
          {error}
        </p>
      )}
    </article>
  );
}
