// One assessment: its subject, profile and status, the progress bar and the live score, the
// flow's buttons for whoever may press them (the owner submits and reopens; the regulator starts
// the review, accepts or requests changes), and every requirement as an item card
// (src/pages/assessment_item.tsx) to fill in or, for the regulator, to comment on.
import { useState } from 'preact/hooks';
import { api, type ReviewStep } from '../api';
import { errorText } from '../errors';
import { t } from '../i18n';
import { categoryLabel, formatDateTime, formatScore, sectorLabel } from '../format';
import { useLoad } from '../hooks';
import { canAnswerAssessment, isRegulatorDecider, type Viewer } from '../nav';
import { assessmentHref, missingFor } from '../registry';
import { exportUrl } from '../campaigns';
import type { AssessmentView, Session } from '../types';
import { ProgressBar } from '../components/progress_bar';
import { StatusBadge, SubjectLink } from './assessments';
import { ItemCard } from './assessment_item';

interface Props {
  session: Session;
  assessmentId: number;
  orgName: (id: number) => string;
}

export function AssessmentPage({ session, assessmentId, orgName }: Props) {
  const loaded = useLoad(() => api.getAssessment(assessmentId), [assessmentId]);
  const a = loaded.data;
  const subjectObject = a?.subject_kind === 'object' ? a.subject_id : 0;
  const subject = useLoad(() => api.getObject(subjectObject), [subjectObject], subjectObject > 0);
  const viewer: Viewer = { orgKind: session.org.kind, role: session.user.role, orgId: session.org.id };
  const owner = a !== null && canAnswerAssessment(viewer, a.owner_org);
  const reviewer = isRegulatorDecider(session.org.kind, session.user.role);
  const editable = owner && a?.status === 'draft';
  const commentable = reviewer && (a?.status === 'submitted' || a?.status === 'in_review');
  return (
    <div data-testid="assessment-page" data-assessment-id={assessmentId} data-status={a?.status ?? ''}>
      <p>
        <a class="back-link" href={assessmentHref.list()} data-testid="assessment-back">
          {t('assessments.back')}
        </a>
      </p>
      {loaded.error && (
        <p class="alert alert-error" role="alert" data-testid="assessment-error">
          {loaded.error}
        </p>
      )}
      {loaded.loading && !a && <p aria-busy="true">{t('common.loading')}</p>}
      {a && (
        <>
          <Summary a={a} orgName={orgName} subjectName={subject.data?.name ?? null} />
          <FlowActions a={a} owner={owner} reviewer={reviewer} onChanged={loaded.reload} />
          <h2>{t('assessment.requirements')}</h2>
          {editable && <p class="muted">{t('assessment.fillHelp')}</p>}
          {commentable && <p class="muted">{t('assessment.reviewHelp')}</p>}
          <ol class="item-list" data-testid="assessment-items">
            {a.items.map((item) => (
              <li key={`${item.catalog_id}/${item.control_id}`}>
                <ItemCard
                  key={item.updated_at}
                  assessmentId={a.id}
                  item={item}
                  editable={editable}
                  commentable={commentable}
                  onChanged={loaded.reload}
                />
              </li>
            ))}
          </ol>
        </>
      )}
    </div>
  );
}

function Summary({
  a,
  orgName,
  subjectName,
}: {
  a: AssessmentView;
  orgName: (id: number) => string;
  subjectName: string | null;
}) {
  const s = a.live_score;
  return (
    <article class="card" data-testid="assessment-summary">
      <h2>
        {t('assessment.title', { id: a.id })} <StatusBadge status={a.status} />
      </h2>
      <dl class="facts facts-inline">
        <dt>{t('assessment.subject')}</dt>
        <dd>
          <SubjectLink a={a} orgName={orgName} name={subjectName} />
        </dd>
        <dt>{t('registry.owner')}</dt>
        <dd>{orgName(a.owner_org)}</dd>
        <dt>{t('object.sector')}</dt>
        <dd>{sectorLabel(a.sector)}</dd>
        <dt>{t('registry.category')}</dt>
        <dd>{categoryLabel(a.category)}</dd>
        <dt>{t('assessment.profile')}</dt>
        <dd>{t('assessment.profileVersion', { id: a.profile.catalog_id, seq: a.profile.seq })}</dd>
        <dt>{t('assessment.due')}</dt>
        <dd>{formatDateTime(a.due_at)}</dd>
        <dt>{t('assessment.submittedAt')}</dt>
        <dd>{formatDateTime(a.submitted_at)}</dd>
        {a.status === 'accepted' && (
          <>
            <dt>{t('assessment.acceptedScore')}</dt>
            <dd data-testid="assessment-score">{formatScore(a.score)}</dd>
          </>
        )}
      </dl>
      <p class="form-actions" data-testid="assessment-export">
        <span>{t('assessment.export')}:</span>{' '}
        <a class="button" href={exportUrl(a.id, 'oscal')} download={`assessment-${a.id}.oscal.json`} data-testid="export-oscal">
          {t('assessment.exportOscal')}
        </a>{' '}
        <a class="button" href={exportUrl(a.id, 'csv')} download={`assessment-${a.id}.csv`} data-testid="export-csv">
          {t('assessment.exportCsv')}
        </a>
      </p>
      <ProgressBar
        testId="assessment-progress"
        label={t('assessment.progress')}
        value={a.progress.answered}
        max={a.progress.total}
        text={t('assessment.progressText', { answered: a.progress.answered, total: a.progress.total })}
      />
      <p class="score-line" data-testid="live-score" data-value={s.value ?? ''} aria-live="polite">
        <strong>{t('assessment.liveScore')}:</strong> <span data-testid="live-score-value">{formatScore(s.value)}</span>{' '}
        <span class="muted">
          {t('assessment.scoreBreakdown', {
            compliant: s.compliant,
            partial: s.partial,
            non_compliant: s.non_compliant,
            not_applicable: s.not_applicable,
            unanswered: s.unanswered,
          })}
          {s.stale > 0 && ` · ${t('assessment.stale', { count: s.stale })}`}
        </span>
      </p>
    </article>
  );
}

function FlowActions({
  a,
  owner,
  reviewer,
  onChanged,
}: {
  a: AssessmentView;
  owner: boolean;
  reviewer: boolean;
  onChanged: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const steps: ReviewStep[] = [];
  if (owner && a.status === 'draft') steps.push('submit');
  if (owner && a.status === 'changes_requested') steps.push('reopen');
  if (reviewer && a.status === 'submitted') steps.push('start_review');
  if (reviewer && a.status === 'in_review') steps.push('accept', 'request_changes');
  const missing = owner && a.status === 'draft' ? a.items.filter((i) => missingFor(i) !== null) : [];
  if (steps.length === 0) return null;

  const run = async (step: ReviewStep) => {
    setBusy(true);
    setError(null);
    try {
      await api.assessmentStep(a.id, step);
      onChanged();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="card flow-actions" data-testid="flow-actions">
      {missing.length > 0 && (
        <p class="muted" data-testid="submit-missing">
          {t('assessment.missing', { count: missing.length })}
        </p>
      )}
      <div class="form-actions">
        {steps.map((step) => (
          <button
            key={step}
            type="button"
            class={step === 'request_changes' ? 'button-secondary' : 'button-primary'}
            disabled={busy}
            data-testid={`flow-${step}`}
            onClick={() => void run(step)}
          >
            {t(`flow.${step}`)}
          </button>
        ))}
      </div>
      {error && (
        <p class="alert alert-error" role="alert" data-testid="flow-error">
          {error}
        </p>
      )}
    </div>
  );
}
