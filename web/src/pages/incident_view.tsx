// One incident: its facts, its statutory stages with live countdowns and, for the reporting
// operator, a form per open stage with the regime's required fields; attached files (added by the
// operator); the timeline (with notes) and the CERT's requests for information (answered by the
// operator). The CERT's triage and
// sharing controls are in src/pages/incident_cert.tsx.
import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import { api } from '../api';
import { errorText } from '../errors';
import { t, tDynamic } from '../i18n';
import { formatDateTime, sectorLabel } from '../format';
import { useLoad, useNow } from '../hooks';
import {
  incidentHref,
  isOverdue,
  liveStageState,
  stageFieldDefaults,
  stageFieldKind,
  stageIsOpen,
  stageSubmission,
} from '../incidents';
import { canReportIncident, canTriageIncident } from '../nav';
import type { Incident, Regime, Session, StageStatus } from '../types';
import { StageClock } from '../components/stage_clock';
import { incidentStatusLabel, OverdueBadge, severityLabel } from './incidents';
import { TriagePanel } from './incident_cert';
import { Rfis, Timeline } from './incident_threads';
import { Attachments } from './incident_attachments';

export const fieldLabel = (name: string) =>
  tDynamic(`stageField.${name}`, name.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase()));

export function IncidentView({ session, id }: { session: Session; id: number }) {
  const incident = useLoad(() => api.getIncident(id), [id]);
  const regimes = useLoad(() => api.incidentRegimes(), []);
  const [current, setCurrent] = useState<Incident | null>(null);
  const [round, setRound] = useState(0);
  const now = useNow();
  const i = current ?? incident.data;
  const updated = (next: Incident) => {
    setCurrent(next);
    setRound((r) => r + 1); // timeline and RFIs change with every action
  };
  if (incident.error) {
    return (
      <p class="alert alert-error" role="alert" data-testid="incident-error">
        {incident.error}
      </p>
    );
  }
  if (!i) return <p aria-busy="true">{t('common.loading')}</p>;
  const regime = regimes.data?.items.find((r) => r.id === i.regime) ?? null;
  const own = session.org.id === i.org_id && canReportIncident(session.org.kind, session.user.role);
  const cert = canTriageIncident(session.org.kind, session.user.role);
  const late = isOverdue(i, now);
  return (
    <article data-testid="incident-page" data-incident-id={i.id} data-status={i.status} class={late ? 'incident-overdue' : ''}>
      <p>
        <a href={incidentHref.list()}>{t('incident.back')}</a>
      </p>
      <h2 data-testid="incident-title">
        {i.title} {late && <OverdueBadge />}
      </h2>
      <dl class="facts facts-inline">
        <dt>{t('incident.organisation')}</dt>
        <dd>{i.org_name}</dd>
        <dt>{t('incident.objects')}</dt>
        <dd data-testid="incident-objects">{i.object_names.join(', ')}</dd>
        <dt>{t('incident.sector')}</dt>
        <dd>{sectorLabel(i.sector)}</dd>
        <dt>{t('incident.regime')}</dt>
        <dd data-testid="incident-regime">{regime?.name ?? i.regime}</dd>
        <dt>{t('incident.awareAt')}</dt>
        <dd data-testid="incident-aware-at" data-utc={i.aware_at}>
          {formatDateTime(i.aware_at)}
        </dd>
        <dt>{t('incident.severity')}</dt>
        <dd data-testid="incident-severity">{severityLabel(i.severity)}</dd>
        <dt>{t('incident.status')}</dt>
        <dd data-testid="incident-status">{incidentStatusLabel(i.status)}</dd>
        <dt>TLP</dt>
        <dd data-testid="incident-tlp">{i.tlp.toUpperCase()}</dd>
        <dt>{t('incident.assignee')}</dt>
        <dd data-testid="incident-assignee">{i.assignee ?? '—'}</dd>
        <dt>{t('incident.detectionSource')}</dt>
        <dd>{i.detection_source || '—'}</dd>
        <dt>{t('incident.affectedServices')}</dt>
        <dd>{i.affected_services || '—'}</dd>
        <dt>{t('incident.impact')}</dt>
        <dd>
          {(['confidentiality', 'integrity', 'availability'] as const)
            .map((axis) => `${t(`impactAxis.${axis}`)}: ${tDynamic(`impact.${i.impact[axis]}`, i.impact[axis])}`)
            .join(' · ')}
        </dd>
        <dt>{t('incident.flags')}</dt>
        <dd>
          {[i.malicious ? t('incident.malicious') : null, i.cross_border ? t('incident.crossBorder') : null]
            .filter(Boolean)
            .join(' · ') || '—'}
        </dd>
      </dl>
      <p class="prose">{i.description}</p>
      {i.indicators.length > 0 && (
        <ul data-testid="incident-indicators" class="plain-list">
          {i.indicators.map((ind) => (
            <li key={`${ind.type}:${ind.value}`}>
              <code>{ind.type}</code> {ind.value}
            </li>
          ))}
        </ul>
      )}
      <section class="card" aria-labelledby="stages-title">
        <h3 id="stages-title">{t('incident.stages')}</h3>
        <ol class="stages" data-testid="stages">
          {i.stages.map((s) => (
            <StageItem key={s.key} incident={i} stage={s} regime={regime} now={now} canSubmit={own} canRequest={cert} onUpdated={updated} />
          ))}
        </ol>
      </section>
      {cert && <TriagePanel incident={i} onUpdated={updated} />}
      <Attachments incident={i} round={round} canAttach={own} onChanged={() => setRound((r) => r + 1)} />
      <Rfis incident={i} round={round} canAnswer={own} canAsk={cert} onChanged={() => setRound((r) => r + 1)} />
      <Timeline incident={i} round={round} canNote={own || cert} onChanged={() => setRound((r) => r + 1)} />
    </article>
  );
}

function StageItem({
  incident,
  stage,
  regime,
  now,
  canSubmit,
  canRequest,
  onUpdated,
}: {
  incident: Incident;
  stage: StageStatus;
  regime: Regime | null;
  now: number;
  canSubmit: boolean;
  canRequest: boolean;
  onUpdated: (i: Incident) => void;
}) {
  const definition = regime?.stages.find((d) => d.key === stage.key);
  const state = liveStageState(stage, now);
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const request = async () => {
    setBusy(true);
    setError(null);
    try {
      onUpdated(await api.requestStage(incident.id, stage.key));
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  // Only stages whose clock runs: a pending stage waits for its anchor (e.g. the notification).
  const submittable = canSubmit && !stage.submitted_at && stageIsOpen(state);
  return (
    <li class={`stage-item stage-item-${state}`} data-testid="stage" data-stage={stage.key} data-state={state}>
      <div class="stage-head">
        <strong>{stage.name}</strong> <StageClock stage={stage} now={now} />
      </div>
      <small class="muted">
        {stage.due_at && (
          <span data-testid="stage-due">
            {t('incident.dueAt')}: {formatDateTime(stage.due_at)}{' '}
          </span>
        )}
        {stage.submitted_at && (
          <span data-testid="stage-submitted">
            {t('incident.submittedAt', { who: stage.submitted_by ?? '—' })}: {formatDateTime(stage.submitted_at)}
          </span>
        )}
      </small>
      {stage.fields && (
        <dl class="facts" data-testid="stage-fields">
          {Object.entries(stage.fields).map(([k, v]) => (
            <Fragment key={k}>
              <dt>{fieldLabel(k)}</dt>
              <dd>{k.endsWith('_at') && typeof v === 'string' ? formatDateTime(v) : String(v)}</dd>
            </Fragment>
          ))}
        </dl>
      )}
      {canRequest && state === 'not_requested' && (
        <button type="button" class="button-secondary" data-testid="stage-request" disabled={busy} onClick={request}>
          {t('incident.requestStage')}
        </button>
      )}
      {submittable && definition && !open && (
        <button type="button" class="button-primary" data-testid="stage-open" onClick={() => setOpen(true)}>
          {t('incident.submitStage')}
        </button>
      )}
      {submittable && definition && open && (
        <StageForm incident={incident} stageKey={stage.key} fields={definition.required_fields} onUpdated={onUpdated} />
      )}
      {error && (
        <p class="alert alert-error" role="alert" data-testid="stage-error">
          {error}
        </p>
      )}
    </li>
  );
}

function StageForm({
  incident,
  stageKey,
  fields,
  onUpdated,
}: {
  incident: Incident;
  stageKey: string;
  fields: string[];
  onUpdated: (i: Incident) => void;
}) {
  const [values, setValues] = useState(() => stageFieldDefaults(incident, fields));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    const body = stageSubmission(values, fields);
    if ('missing' in body) {
      setError(t('incident.missingFields', { fields: body.missing.map(fieldLabel).join(', ') }));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onUpdated(await api.submitStage(incident.id, stageKey, body.fields));
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="form-grid" data-testid="stage-form" onSubmit={submit}>
      {fields.map((name) => (
        <label key={name} class={stageFieldKind(name) === 'text' ? 'field field-wide' : 'field'}>
          <span>{fieldLabel(name)}</span>
          {stageFieldKind(name) === 'datetime' ? (
            <input
              type="datetime-local"
              data-testid={`stage-field-${name}`}
              value={values[name]}
              onInput={(e) => setValues({ ...values, [name]: (e.currentTarget as HTMLInputElement).value })}
            />
          ) : (
            <textarea
              rows={2}
              data-testid={`stage-field-${name}`}
              value={values[name]}
              onInput={(e) => setValues({ ...values, [name]: (e.currentTarget as HTMLTextAreaElement).value })}
            />
          )}
        </label>
      ))}
      <div class="form-actions">
        <button type="submit" class="button-primary" disabled={busy} data-testid="stage-submit">
          {t('incident.send')}
        </button>
      </div>
      {error && (
        <p class="alert alert-error" role="alert" data-testid="stage-form-error">
          {error}
        </p>
      )}
    </form>
  );
}
