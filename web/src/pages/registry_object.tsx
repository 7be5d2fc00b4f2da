// One CII object: its details and dependencies, for OT objects the zones and conduits with their
// target security levels, the categorisation questionnaire (six criteria, with a live preview of
// the category under the regulator's thresholds), the latest result with the regulator's
// confirm/override, and the history of every categorisation.
import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import { api } from '../api';
import { errorText } from '../errors';
import { t } from '../i18n';
import {
  categoryLabel,
  categoryStatusLabel,
  criterionLabel,
  criterionUnit,
  formatDateTime,
  objectKindLabel,
  sectorLabel,
} from '../format';
import { useLoad } from '../hooks';
import { canOpenAssessment, canWriteObjects, isRegulatorDecider } from '../nav';
import { CRITERIA, assessmentHref, categoryFor, emptyAnswers, parseCount, registryHref } from '../registry';
import type { Answers, Categorisation, Category, ObjectView, Session, ThresholdsView } from '../types';
import { CategoryBadge } from './registry';
import { ObjectAgents } from './object_agents';
import { DataTable } from '../components/data_table';

interface Props {
  session: Session;
  objectId: number;
  orgName: (id: number) => string;
}

export function ObjectPage({ session, objectId, orgName }: Props) {
  const object = useLoad(() => api.getObject(objectId), [objectId]);
  const history = useLoad(() => api.categorisations(objectId), [objectId]);
  const thresholds = useLoad(() => api.thresholds(), []);
  const linked = object.data ? [...object.data.depends_on, ...object.data.dependents] : [];
  // The names of the objects it depends on and that depend on it (ids when one cannot be read).
  const names = useLoad(
    async () => {
      const found = await Promise.allSettled(linked.map((id) => api.getObject(id)));
      const out: Record<number, string> = {};
      found.forEach((r, i) => {
        if (r.status === 'fulfilled') out[linked[i]] = r.value.name;
      });
      return out;
    },
    [linked.join(',')],
    linked.length > 0,
  );
  const reload = () => {
    object.reload();
    history.reload();
  };
  const o = object.data;
  const kind = session.org.kind;
  const role = session.user.role;
  const owner = o !== null && o.owner_org === session.org.id;
  return (
    <div data-testid="object-page" data-object-id={objectId}>
      <p>
        <a class="back-link" href={registryHref.list()} data-testid="object-back">
          {t('registry.back')}
        </a>
      </p>
      {object.error && (
        <p class="alert alert-error" role="alert" data-testid="object-error">
          {object.error}
        </p>
      )}
      {object.loading && !o && <p aria-busy="true">{t('common.loading')}</p>}
      {o && (
        <>
          <ObjectDetails object={o} ownerName={orgName(o.owner_org)} names={names.data ?? {}} />
          {owner && canOpenAssessment(kind, role) && <StartAssessment objectId={o.id} />}
          {o.kind === 'ot' && <OtView object={o} />}
          {(owner || kind === 'regulator') && (
            <ObjectAgents objectId={o.id} ownerOrg={o.owner_org} canManage={owner && canWriteObjects(kind, role)} />
          )}
          <CategorisationCard
            object={o}
            thresholds={thresholds.data}
            canAnswer={canWriteObjects(kind, role)}
            canDecide={isRegulatorDecider(kind, role)}
            onChanged={reload}
          />
          <HistoryCard items={history.data?.items ?? []} error={history.error} loading={history.loading} />
        </>
      )}
    </div>
  );
}

function ObjectLinks({ ids, names }: { ids: number[]; names: Record<number, string> }) {
  if (ids.length === 0) return <>—</>;
  return (
    <>
      {ids.map((id, i) => (
        <Fragment key={id}>
          {i > 0 && ', '}
          <a href={registryHref.object(id)} data-testid="object-link" data-object-id={id}>
            {names[id] ?? t('object.number', { id })}
          </a>
        </Fragment>
      ))}
    </>
  );
}

function ObjectDetails({
  object: o,
  ownerName,
  names,
}: {
  object: ObjectView;
  ownerName: string;
  names: Record<number, string>;
}) {
  return (
    <article class="card" data-testid="object-details">
      <h2 data-testid="object-name">{o.name}</h2>
      <CategoryBadge object={o} />
      <dl class="facts">
        <dt>{t('object.kind')}</dt>
        <dd data-testid="object-kind">{objectKindLabel(o.kind)}</dd>
        <dt>{t('object.sector')}</dt>
        <dd>{sectorLabel(o.sector)}</dd>
        <dt>{t('registry.owner')}</dt>
        <dd>{ownerName}</dd>
        <dt>{t('object.description')}</dt>
        <dd data-testid="object-description">{o.description || '—'}</dd>
        <dt>{t('object.location')}</dt>
        <dd data-testid="object-location">{o.location || '—'}</dd>
        <dt>{t('object.responsible')}</dt>
        <dd data-testid="object-responsible">{o.responsible_person || '—'}</dd>
        <dt>{t('object.dependsOn')}</dt>
        <dd data-testid="object-depends">
          <ObjectLinks ids={o.depends_on} names={names} />
        </dd>
        <dt>{t('object.dependents')}</dt>
        <dd data-testid="object-dependents">
          <ObjectLinks ids={o.dependents} names={names} />
        </dd>
        <dt>{t('common.createdAt')}</dt>
        <dd>{formatDateTime(o.created_at)}</dd>
      </dl>
    </article>
  );
}

function StartAssessment({ objectId }: { objectId: number }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const start = async () => {
    setBusy(true);
    setError(null);
    try {
      const a = await api.createAssessment({ subject_kind: 'object', subject_id: objectId });
      location.hash = assessmentHref.one(a.id);
    } catch (e) {
      setError(errorText(e));
      setBusy(false);
    }
  };
  return (
    <div class="card">
      <button type="button" class="button-secondary" disabled={busy} onClick={start} data-testid="start-assessment">
        {t('assessment.start')}
      </button>
      <a class="button-link" href={assessmentHref.list()}>
        {t('assessment.all')}
      </a>
      {error && (
        <p class="alert alert-error" role="alert" data-testid="start-assessment-error">
          {error}
        </p>
      )}
    </div>
  );
}

function OtView({ object: o }: { object: ObjectView }) {
  return (
    <article class="card" data-testid="ot-view" aria-labelledby="ot-title">
      <h2 id="ot-title">{t('ot.title')}</h2>
      <div class="table-wrap">
        <DataTable
          testId="ot-zones"
          caption={t('ot.zones')}
          captionVisible
          headings={[t('ot.zone'), t('ot.targetSl'), t('object.description')]}
          empty={t('ot.noZones')}
        >
          {o.ot.zones.map((z) => (
            <tr key={z.name} data-testid="ot-zone" data-zone={z.name}>
              <td>{z.name}</td>
              <td>
                <span class="badge badge-sl">SL {z.target_sl}</span>
              </td>
              <td>{z.description || '—'}</td>
            </tr>
          ))}
        </DataTable>
      </div>
      <div class="table-wrap">
        <DataTable
          testId="ot-conduits"
          caption={t('ot.conduits')}
          captionVisible
          headings={[t('ot.conduit'), t('ot.from'), t('ot.to'), t('object.description')]}
          empty={t('ot.noConduits')}
        >
          {o.ot.conduits.map((c) => (
            <tr key={c.name} data-testid="ot-conduit">
              <td>{c.name}</td>
              <td>{c.from}</td>
              <td>{c.to}</td>
              <td>{c.description || '—'}</td>
            </tr>
          ))}
        </DataTable>
      </div>
    </article>
  );
}

function CategorisationCard({
  object: o,
  thresholds,
  canAnswer,
  canDecide,
  onChanged,
}: {
  object: ObjectView;
  thresholds: ThresholdsView | null;
  canAnswer: boolean;
  canDecide: boolean;
  onChanged: () => void;
}) {
  const latest = o.categorisation;
  return (
    <article class="card" data-testid="categorisation" aria-labelledby="categorisation-title">
      <h2 id="categorisation-title">{t('categorisation.title')}</h2>
      <p class="muted">{t('categorisation.help')}</p>
      {latest ? (
        <LatestResult categorisation={latest} />
      ) : (
        <p data-testid="categorisation-none">{t('categorisation.none')}</p>
      )}
      {canDecide && latest && (
        <DecisionForm key={`${latest.id}-${latest.status}`} objectId={o.id} categorisation={latest} onDecided={onChanged} />
      )}
      {canAnswer && (
        <Questionnaire
          objectId={o.id}
          initial={latest?.answers ?? emptyAnswers()}
          thresholds={thresholds}
          onSubmitted={onChanged}
        />
      )}
    </article>
  );
}

function LatestResult({ categorisation: c }: { categorisation: Categorisation }) {
  const final: Category = c.status === 'overridden' ? c.decided : c.computed;
  return (
    <dl class="facts facts-inline" data-testid="categorisation-latest" data-status={c.status}>
      <dt>{t('categorisation.computed')}</dt>
      <dd data-testid="categorisation-computed">{categoryLabel(c.computed)}</dd>
      <dt>{t('categorisation.status')}</dt>
      <dd data-testid="categorisation-status">{categoryStatusLabel(c.status)}</dd>
      <dt>{t('categorisation.category')}</dt>
      <dd data-testid="categorisation-final">{categoryLabel(final)}</dd>
      {c.reason && (
        <>
          <dt>{t('categorisation.reason')}</dt>
          <dd data-testid="categorisation-reason">{c.reason}</dd>
        </>
      )}
      <dt>{t('categorisation.submitted')}</dt>
      <dd>
        {c.submitted_by} · {formatDateTime(c.submitted_at)}
      </dd>
      {c.decided_at && (
        <>
          <dt>{t('categorisation.decided')}</dt>
          <dd>
            {c.decided_by} · {formatDateTime(c.decided_at)}
          </dd>
        </>
      )}
    </dl>
  );
}

function Questionnaire({
  objectId,
  initial,
  thresholds,
  onSubmitted,
}: {
  objectId: number;
  initial: Answers;
  thresholds: ThresholdsView | null;
  onSubmitted: () => void;
}) {
  const [texts, setTexts] = useState<Record<string, string>>(() =>
    Object.fromEntries(CRITERIA.map((c) => [c, String(initial[c] ?? 0)])),
  );
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const parsed: Partial<Answers> = {};
  const invalid: string[] = [];
  for (const c of CRITERIA) {
    const value = parseCount(texts[c]);
    if (value === null) invalid.push(c);
    else parsed[c] = value;
  }
  const preview = invalid.length === 0 && thresholds ? categoryFor(parsed as Answers, thresholds.thresholds) : undefined;

  const submit = async (e: Event) => {
    e.preventDefault();
    if (invalid.length) {
      setError(t('categorisation.invalid'));
      return;
    }
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const c = await api.categorise(objectId, parsed as Answers);
      setDone(t('categorisation.recorded', { category: categoryLabel(c.computed) }));
      onSubmitted();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="subform" onSubmit={submit} data-testid="questionnaire" aria-labelledby="questionnaire-title">
      <h3 id="questionnaire-title">{t('categorisation.questionnaire')}</h3>
      <div class="form-grid">
        {CRITERIA.map((c) => {
          const levels = thresholds?.thresholds[c];
          const helpId = `criterion-help-${c}`;
          return (
            <label class="field" key={c}>
              <span>{criterionLabel(c)}</span>
              <input
                data-testid={`criterion-${c}`}
                inputMode="numeric"
                required
                aria-invalid={invalid.includes(c) ? 'true' : undefined}
                aria-describedby={helpId}
                value={texts[c]}
                onInput={(e) => setTexts({ ...texts, [c]: (e.currentTarget as HTMLInputElement).value })}
              />
              <small id={helpId} class="muted">
                {criterionUnit(c)}
                {levels && ` · ${t('categorisation.thresholds', { c1: levels[0], c2: levels[1], c3: levels[2] })}`}
              </small>
            </label>
          );
        })}
      </div>
      <p aria-live="polite" data-testid="categorisation-preview" data-category={preview === undefined ? '' : String(preview ?? 0)}>
        {preview !== undefined && t('categorisation.preview', { category: categoryLabel(preview) })}
      </p>
      <div class="form-actions">
        <button type="submit" class="button-primary" disabled={busy} data-testid="questionnaire-submit">
          {t('categorisation.submit')}
        </button>
      </div>
      {error && (
        <p class="alert alert-error" role="alert" data-testid="questionnaire-error">
          {error}
        </p>
      )}
      {done && (
        <p class="alert alert-success" role="status" data-testid="questionnaire-done">
          {done}
        </p>
      )}
    </form>
  );
}

function DecisionForm({
  objectId,
  categorisation: c,
  onDecided,
}: {
  objectId: number;
  categorisation: Categorisation;
  onDecided: () => void;
}) {
  const [mode, setMode] = useState<'confirm' | 'override'>('confirm');
  const [category, setCategory] = useState<string>(String(c.computed ?? 0));
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // A decided categorisation may be decided again, but only on purpose.
  const [open, setOpen] = useState(c.status === 'proposed');
  if (!open) {
    return (
      <p>
        <button type="button" class="button-secondary" data-testid="decision-change" onClick={() => setOpen(true)}>
          {t('categorisation.changeDecision')}
        </button>
      </p>
    );
  }

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (mode === 'confirm') {
        await api.decideCategory(objectId, c.id, { decision: 'confirm', reason: reason.trim() });
      } else {
        const n = Number(category);
        await api.decideCategory(objectId, c.id, {
          decision: 'override',
          category: n === 1 || n === 2 || n === 3 ? n : null,
          reason: reason.trim(),
        });
      }
      setReason('');
      onDecided();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="subform" onSubmit={submit} data-testid="decision-form" aria-labelledby="decision-title">
      <h3 id="decision-title">{t('categorisation.decide')}</h3>
      <fieldset class="field">
        <legend>{t('categorisation.decision')}</legend>
        <label class="check">
          <input
            type="radio"
            name="decision"
            value="confirm"
            data-testid="decision-confirm"
            checked={mode === 'confirm'}
            onChange={() => setMode('confirm')}
          />
          {t('categorisation.confirm')}
        </label>
        <label class="check">
          <input
            type="radio"
            name="decision"
            value="override"
            data-testid="decision-override"
            checked={mode === 'override'}
            onChange={() => setMode('override')}
          />
          {t('categorisation.override')}
        </label>
      </fieldset>
      {mode === 'override' && (
        <label class="field">
          <span>{t('categorisation.category')}</span>
          <select
            data-testid="decision-category"
            value={category}
            onChange={(e) => setCategory((e.currentTarget as HTMLSelectElement).value)}
          >
            {[1, 2, 3].map((n) => (
              <option key={n} value={n}>
                {categoryLabel(n)}
              </option>
            ))}
            <option value="0">{categoryLabel(null)}</option>
          </select>
        </label>
      )}
      <label class="field">
        <span>{t('categorisation.reason')}</span>
        <textarea
          data-testid="decision-reason"
          rows={2}
          maxLength={2000}
          required={mode === 'override'}
          value={reason}
          onInput={(e) => setReason((e.currentTarget as HTMLTextAreaElement).value)}
        />
      </label>
      <div class="form-actions">
        <button type="submit" class="button-primary" disabled={busy} data-testid="decision-submit">
          {mode === 'confirm' ? t('categorisation.confirm') : t('categorisation.override')}
        </button>
      </div>
      {error && (
        <p class="alert alert-error" role="alert" data-testid="decision-error">
          {error}
        </p>
      )}
    </form>
  );
}

function HistoryCard({
  items,
  error,
  loading,
}: {
  items: Categorisation[];
  error: string | null;
  loading: boolean;
}) {
  return (
    <article class="card" aria-labelledby="history-title">
      <h2 id="history-title">{t('categorisation.history')}</h2>
      {error && (
        <p class="alert alert-error" role="alert">
          {error}
        </p>
      )}
      <div class="table-wrap">
        <DataTable
          testId="categorisation-history"
          load={{ loading, error }}
          caption={t('categorisation.history')}
          headings={[
            t('categorisation.submitted'),
            ...CRITERIA.map((c) => criterionLabel(c)),
            t('categorisation.computed'),
            t('categorisation.status'),
            t('categorisation.reason'),
          ]}
          empty={t('categorisation.none')}
        >
          {items.map((c) => (
            <tr key={c.id} data-testid="history-row" data-status={c.status}>
              <td>
                {c.submitted_by} · {formatDateTime(c.submitted_at)}
              </td>
              {CRITERIA.map((k) => (
                <td key={k}>{c.answers[k]}</td>
              ))}
              <td>{categoryLabel(c.computed)}</td>
              <td>
                {categoryStatusLabel(c.status)}
                {c.status === 'overridden' && ` → ${categoryLabel(c.decided)}`}
              </td>
              <td>{c.reason || '—'}</td>
            </tr>
          ))}
        </DataTable>
      </div>
    </article>
  );
}
