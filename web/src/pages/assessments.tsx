// Self-assessments: the list (the organisation's own, every one for the regulator, filtered by
// status), opening a new one for one of the organisation's subjects, and one assessment
// (src/pages/assessment_view.tsx) under #/assessments/<id>.
import { useState } from 'preact/hooks';
import { api, fetchAll } from '../api';
import { errorText } from '../errors';
import { t } from '../i18n';
import { assessmentStatusLabel, formatDateTime, formatScore, sectorLabel } from '../format';
import { useLoad, usePagedList } from '../hooks';
import { canOpenAssessment } from '../nav';
import { assessmentHref, parseIdRoute, registryHref } from '../registry';
import { useHash } from '../route';
import type { Assessment, Org, Session } from '../types';
import { LoadMore } from '../components/load_more';
import { AssessmentPage } from './assessment_view';
import { OrgSelect } from '../components/org_select';
import { DataTable } from '../components/data_table';

const PAGE_SIZE = 100;
const STATUSES = ['draft', 'submitted', 'in_review', 'changes_requested', 'accepted', 'upgraded'] as const;

export function AssessmentsPage({ session, orgs }: { session: Session; orgs: Org[] }) {
  const hash = useHash();
  const id = parseIdRoute(hash, 'assessments');
  const orgName = (orgId: number) =>
    orgs.find((o) => o.id === orgId)?.name ?? (orgId === session.org.id ? session.org.name : `#${orgId}`);
  return (
    <section data-testid="page-assessments" aria-labelledby="assessments-title">
      <h1 id="assessments-title">{t('nav.assessments')}</h1>
      {id === null ? (
        <AssessmentList session={session} orgs={orgs} orgName={orgName} />
      ) : (
        <AssessmentPage key={id} session={session} assessmentId={id} orgName={orgName} />
      )}
    </section>
  );
}

/** The object's name (or "Object #3") linking to its registry page, or "Provider: name". */
export function SubjectLink({
  a,
  orgName,
  name = null,
}: {
  a: Assessment;
  orgName: (id: number) => string;
  name?: string | null;
}) {
  if (a.subject_kind === 'provider') return <span>{t('assessment.providerSubject', { name: orgName(a.subject_id) })}</span>;
  return (
    <a href={registryHref.object(a.subject_id)} data-testid="assessment-subject">
      {name ?? t('object.number', { id: a.subject_id })}
    </a>
  );
}

function AssessmentList({
  session,
  orgs,
  orgName,
}: {
  session: Session;
  orgs: Org[];
  orgName: (id: number) => string;
}) {
  const regulator = session.org.kind === 'regulator';
  const [status, setStatus] = useState('');
  const [org, setOrg] = useState('');
  const list = usePagedList(
    (cursor) => api.listAssessments({ limit: PAGE_SIZE, cursor, status, org: org ? Number(org) : null }),
    [status, org],
  );
  const owners = orgs.filter((o) => o.kind === 'operator' || o.kind === 'provider');
  return (
    <>
      <p class="muted">{regulator ? t('assessments.helpRegulator') : t('assessments.help')}</p>
      <div class="filters">
        {regulator && (
          <OrgSelect
            label={t('registry.owner')}
            orgs={owners}
            value={org}
            onChange={setOrg}
            testId="assessments-filter-org"
            emptyLabel={t('assessments.allOwners')}
          />
        )}
        <label class="field">
          <span>{t('assessment.status')}</span>
          <select
            data-testid="assessments-filter-status"
            value={status}
            onChange={(e) => setStatus((e.currentTarget as HTMLSelectElement).value)}
          >
            <option value="">{t('assessments.anyStatus')}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {assessmentStatusLabel(s)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {list.error && (
        <p class="alert alert-error" role="alert" data-testid="assessments-error">
          {list.error}
        </p>
      )}
      <div class="table-wrap card">
        <DataTable
          load={list}
          testId="assessments-table"
          caption={t('nav.assessments')}
          headings={[
            t('assessment.number'),
            t('assessment.subject'),
            regulator && t('registry.owner'),
            t('object.sector'),
            t('assessment.status'),
            t('assessment.score'),
            t('assessment.updated'),
          ]}
          empty={t('assessments.empty')}
        >
          {list.items.map((a) => (
            <tr key={a.id} data-testid="assessment-row" data-assessment-id={a.id} data-status={a.status}>
              <td>
                <a href={assessmentHref.one(a.id)} data-testid="assessment-open">
                  {t('assessment.title', { id: a.id })}
                </a>
              </td>
              <td>
                <SubjectLink a={a} orgName={orgName} />
              </td>
              {regulator && <td>{orgName(a.owner_org)}</td>}
              <td>{sectorLabel(a.sector)}</td>
              <td>
                <StatusBadge status={a.status} />
              </td>
              <td>{formatScore(a.score)}</td>
              <td>{formatDateTime(a.updated_at)}</td>
            </tr>
          ))}
        </DataTable>
      </div>
      <LoadMore next={list.next} busy={list.loading} onClick={list.more} testId="assessments-more" />
      {canOpenAssessment(session.org.kind, session.user.role) && <NewAssessment session={session} />}
    </>
  );
}

export function StatusBadge({ status }: { status: string }) {
  return (
    <span class={`badge badge-assessment-${status}`} data-testid="assessment-status" data-status={status}>
      {assessmentStatusLabel(status)}
    </span>
  );
}

/** Opens an assessment of one of the operator's objects, or of the provider itself. */
function NewAssessment({ session }: { session: Session }) {
  const provider = session.org.kind === 'provider';
  const objects = useLoad(
    () => fetchAll((cursor) => api.listObjects({ limit: 1000, cursor, org: session.org.id })),
    [session.org.id],
    !provider,
  );
  const [subject, setSubject] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const a = await api.createAssessment(
        provider
          ? { subject_kind: 'provider', subject_id: session.org.id }
          : { subject_kind: 'object', subject_id: Number(subject) },
      );
      location.hash = assessmentHref.one(a.id);
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  };
  return (
    <article class="card" aria-labelledby="new-assessment-title">
      <h2 id="new-assessment-title">{t('assessment.start')}</h2>
      <p class="muted">{t('assessment.startHelp')}</p>
      <form class="form-grid" onSubmit={submit} data-testid="new-assessment-form">
        {!provider && (
          <label class="field">
            <span>{t('assessment.subject')}</span>
            <select
              data-testid="new-assessment-subject"
              required
              value={subject}
              onChange={(e) => setSubject((e.currentTarget as HTMLSelectElement).value)}
            >
              <option value="" disabled>
                {t('assessment.chooseObject')}
              </option>
              {(objects.data ?? []).map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <div class="form-actions">
          <button type="submit" class="button-primary" disabled={busy} data-testid="new-assessment-submit">
            {t('assessment.startSubmit')}
          </button>
        </div>
      </form>
      {(error || objects.error) && (
        <p class="alert alert-error" role="alert" data-testid="new-assessment-error">
          {error ?? objects.error}
        </p>
      )}
    </article>
  );
}
