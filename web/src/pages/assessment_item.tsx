// One requirement of an assessment. The owner, in a draft, answers it (result, comment, a
// justification for not applicable), uploads evidence with its effective and expiry dates and,
// for a non-compliant or partial answer, plans the remediation. The regulator, during the
// review, comments on it. Everybody who may read the assessment sees all of it.
import { useId, useState } from 'preact/hooks';
import { api, evidenceContentUrl } from '../api';
import { errorText } from '../errors';
import { t } from '../i18n';
import { formatDate, formatDateTime, remediationStatusLabel, resultLabel } from '../format';
import { RESULTS, dateInputToRfc3339, missingFor } from '../registry';
import type { AssessmentItem, ItemResult } from '../types';

interface Props {
  assessmentId: number;
  item: AssessmentItem;
  /** The owner may change it (a draft). */
  editable: boolean;
  /** The regulator may comment (submitted or in review). */
  commentable: boolean;
  onChanged: () => void;
}

export function ItemCard({ assessmentId, item, editable, commentable, onChanged }: Props) {
  const headingId = useId();
  const missing = missingFor(item);
  return (
    <article
      class="card item-card"
      aria-labelledby={headingId}
      data-testid="assessment-item"
      data-control={item.control_id}
      data-result={item.result}
    >
      <h3 id={headingId}>
        <span class="req-id">{item.control_id}</span> {item.title}
      </h3>
      <p class="badges">
        <span class={`badge badge-result-${item.result}`} data-testid="item-result">
          {resultLabel(item.result)}
        </span>
        {item.flag !== 'none' && <span class="badge badge-changed">{t(`itemFlag.${item.flag}`)}</span>}
        {item.previous_result && (
          <span class="muted">{t('item.previous', { result: resultLabel(item.previous_result) })}</span>
        )}
        {editable && missing && (
          <span class="badge badge-missing" data-testid="item-missing">
            {t(`missing.${missing}`)}
          </span>
        )}
      </p>
      {editable ? (
        <AnswerForm assessmentId={assessmentId} item={item} onSaved={onChanged} />
      ) : (
        <dl class="facts">
          {item.justification && (
            <>
              <dt>{t('item.justification')}</dt>
              <dd>{item.justification}</dd>
            </>
          )}
          {item.comment && (
            <>
              <dt>{t('item.comment')}</dt>
              <dd data-testid="item-comment">{item.comment}</dd>
            </>
          )}
        </dl>
      )}
      <EvidenceSection assessmentId={assessmentId} item={item} editable={editable} onChanged={onChanged} />
      {(item.remediation.length > 0 ||
        (editable && (item.result === 'non_compliant' || item.result === 'partial'))) && (
        <RemediationSection assessmentId={assessmentId} item={item} editable={editable} onChanged={onChanged} />
      )}
      {item.observations.length > 0 && (
        <section class="subsection">
          <h4>{t('item.observations')}</h4>
          <ul class="plain-list">
            {item.observations.map((o) => (
              <li key={o.id}>
                <span class="mono">{o.source}</span> · {o.result} · {formatDateTime(o.observed_at)}
                {o.detail && ` · ${o.detail}`}
              </li>
            ))}
          </ul>
        </section>
      )}
      <Comments assessmentId={assessmentId} item={item} commentable={commentable} onChanged={onChanged} />
    </article>
  );
}

function AnswerForm({
  assessmentId,
  item,
  onSaved,
}: {
  assessmentId: number;
  item: AssessmentItem;
  onSaved: () => void;
}) {
  const [result, setResult] = useState<ItemResult>(item.result);
  const [justification, setJustification] = useState(item.justification);
  const [comment, setComment] = useState(item.comment);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const name = useId();
  const dirty = result !== item.result || justification !== item.justification || comment !== item.comment;

  const save = async (e: Event) => {
    e.preventDefault();
    if (result === 'unanswered') return;
    setBusy(true);
    setError(null);
    try {
      await api.answerItem(assessmentId, item.catalog_id, item.control_id, {
        result,
        justification: result === 'not_applicable' ? justification.trim() : '',
        comment: comment.trim(),
      });
      onSaved();
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  };

  return (
    <form class="subform" onSubmit={save} data-testid="answer-form">
      <fieldset class="result-choice">
        <legend>{t('item.result')}</legend>
        {RESULTS.map((r) => (
          <label class="check" key={r}>
            <input
              type="radio"
              name={name}
              value={r}
              data-testid={`answer-${r}`}
              checked={result === r}
              onChange={() => setResult(r)}
            />
            {resultLabel(r)}
          </label>
        ))}
      </fieldset>
      {result === 'not_applicable' && (
        <label class="field">
          <span>{t('item.justification')}</span>
          <textarea
            data-testid="answer-justification"
            rows={2}
            required
            maxLength={4000}
            value={justification}
            onInput={(e) => setJustification((e.currentTarget as HTMLTextAreaElement).value)}
          />
        </label>
      )}
      <label class="field">
        <span>{t('item.comment')}</span>
        <textarea
          data-testid="answer-comment"
          rows={2}
          maxLength={4000}
          value={comment}
          onInput={(e) => setComment((e.currentTarget as HTMLTextAreaElement).value)}
        />
      </label>
      <div class="form-actions">
        <button
          type="submit"
          class="button-primary"
          disabled={busy || result === 'unanswered' || !dirty}
          data-testid="answer-save"
        >
          {t('item.save')}
        </button>
      </div>
      {error && (
        <p class="alert alert-error" role="alert" data-testid="answer-error">
          {error}
        </p>
      )}
    </form>
  );
}

function EvidenceSection({
  assessmentId,
  item,
  editable,
  onChanged,
}: {
  assessmentId: number;
  item: AssessmentItem;
  editable: boolean;
  onChanged: () => void;
}) {
  const [error, setError] = useState<string | null>(null);
  if (!editable && item.evidence.length === 0) return null;
  const remove = async (id: number) => {
    setError(null);
    try {
      await api.deleteEvidence(id);
      onChanged();
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <section class="subsection" data-testid="evidence">
      <h4>{t('evidence.title')}</h4>
      {item.evidence.length > 0 ? (
        <ul class="plain-list">
          {item.evidence.map((e) => (
            <li key={e.id} data-testid="evidence-row" data-in-force={String(e.in_force)}>
              <a href={evidenceContentUrl(e.id)} download={e.filename} data-testid="evidence-download">
                {e.filename || t('evidence.unnamed')}
              </a>{' '}
              <span class={e.in_force ? 'badge badge-read' : 'badge badge-revoked'}>
                {e.in_force ? t('evidence.inForce') : t('evidence.notInForce')}
              </span>{' '}
              <span class="muted">
                {t('evidence.period', { from: formatDate(e.effective_at), until: formatDate(e.expires_at) })} ·{' '}
                {t('evidence.size', { size: e.size })}
                {e.description && ` · ${e.description}`}
              </span>{' '}
              <span class="mono digest" title="SHA-256">
                {e.sha256.slice(0, 12)}
              </span>
              {editable && (
                <button
                  type="button"
                  class="button-link"
                  data-testid="evidence-delete"
                  aria-label={t('evidence.deleteNamed', { name: e.filename })}
                  onClick={() => void remove(e.id)}
                >
                  {t('evidence.delete')}
                </button>
              )}
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">{t('evidence.none')}</p>
      )}
      {error && (
        <p class="alert alert-error" role="alert">
          {error}
        </p>
      )}
      {editable && <UploadForm assessmentId={assessmentId} item={item} onUploaded={onChanged} />}
    </section>
  );
}

function UploadForm({
  assessmentId,
  item,
  onUploaded,
}: {
  assessmentId: number;
  item: AssessmentItem;
  onUploaded: () => void;
}) {
  const [file, setFile] = useState<File | null>(null);
  const [description, setDescription] = useState('');
  const [effective, setEffective] = useState('');
  const [expires, setExpires] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const upload = async (e: Event) => {
    e.preventDefault();
    if (!file) return;
    const from = dateInputToRfc3339(effective);
    const until = dateInputToRfc3339(expires);
    if (from && until && until <= from) {
      setError(t('evidence.badPeriod'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.uploadEvidence(assessmentId, item.catalog_id, item.control_id, file, {
        filename: file.name,
        description: description.trim(),
        effective: from,
        expires: until,
      });
      (e.target as HTMLFormElement).reset();
      setFile(null);
      setDescription('');
      setEffective('');
      setExpires('');
      setBusy(false);
      onUploaded();
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  };

  return (
    <form class="subform form-grid" onSubmit={upload} data-testid="evidence-form">
      <label class="field">
        <span>{t('evidence.file')}</span>
        <input
          type="file"
          required
          data-testid="evidence-file"
          onChange={(e) => setFile((e.currentTarget as HTMLInputElement).files?.[0] ?? null)}
        />
      </label>
      <label class="field">
        <span>{t('evidence.description')}</span>
        <input
          data-testid="evidence-description"
          maxLength={500}
          value={description}
          onInput={(e) => setDescription((e.currentTarget as HTMLInputElement).value)}
        />
      </label>
      <label class="field">
        <span>{t('evidence.effective')}</span>
        <input
          type="date"
          data-testid="evidence-effective"
          value={effective}
          onInput={(e) => setEffective((e.currentTarget as HTMLInputElement).value)}
        />
      </label>
      <label class="field">
        <span>{t('evidence.expires')}</span>
        <input
          type="date"
          data-testid="evidence-expires"
          value={expires}
          onInput={(e) => setExpires((e.currentTarget as HTMLInputElement).value)}
        />
      </label>
      <div class="form-actions">
        <button type="submit" class="button-secondary" disabled={busy || !file} data-testid="evidence-upload">
          {t('evidence.upload')}
        </button>
      </div>
      {error && (
        <p class="alert alert-error" role="alert" data-testid="evidence-error">
          {error}
        </p>
      )}
    </form>
  );
}

function RemediationSection({
  assessmentId,
  item,
  editable,
  onChanged,
}: {
  assessmentId: number;
  item: AssessmentItem;
  editable: boolean;
  onChanged: () => void;
}) {
  const [action, setAction] = useState('');
  const [owner, setOwner] = useState('');
  const [due, setDue] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const add = async (e: Event) => {
    e.preventDefault();
    const dueAt = dateInputToRfc3339(due);
    if (!dueAt) {
      setError(t('remediation.dueRequired'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.addRemediation(assessmentId, item.catalog_id, item.control_id, {
        action: action.trim(),
        owner: owner.trim(),
        due_at: dueAt,
      });
      setAction('');
      setOwner('');
      setDue('');
      setBusy(false);
      onChanged();
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  };
  return (
    <section class="subsection" data-testid="remediation">
      <h4>{t('remediation.title')}</h4>
      {item.remediation.length > 0 && (
        <ul class="plain-list">
          {item.remediation.map((r) => (
            <li key={r.id} data-testid="remediation-row">
              {r.action} · {r.owner} · {t('remediation.dueOn', { date: formatDate(r.due_at) })} ·{' '}
              {remediationStatusLabel(r.status)}
            </li>
          ))}
        </ul>
      )}
      {editable && (item.result === 'non_compliant' || item.result === 'partial') && (
        <form class="subform form-grid" onSubmit={add} data-testid="remediation-form">
          <label class="field field-wide">
            <span>{t('remediation.action')}</span>
            <input
              data-testid="remediation-action"
              required
              maxLength={2000}
              value={action}
              onInput={(e) => setAction((e.currentTarget as HTMLInputElement).value)}
            />
          </label>
          <label class="field">
            <span>{t('remediation.owner')}</span>
            <input
              data-testid="remediation-owner"
              required
              maxLength={200}
              value={owner}
              onInput={(e) => setOwner((e.currentTarget as HTMLInputElement).value)}
            />
          </label>
          <label class="field">
            <span>{t('remediation.due')}</span>
            <input
              type="date"
              data-testid="remediation-due"
              required
              value={due}
              onInput={(e) => setDue((e.currentTarget as HTMLInputElement).value)}
            />
          </label>
          <div class="form-actions">
            <button type="submit" class="button-secondary" disabled={busy} data-testid="remediation-add">
              {t('remediation.add')}
            </button>
          </div>
          {error && (
            <p class="alert alert-error" role="alert" data-testid="remediation-error">
              {error}
            </p>
          )}
        </form>
      )}
    </section>
  );
}

function Comments({
  assessmentId,
  item,
  commentable,
  onChanged,
}: {
  assessmentId: number;
  item: AssessmentItem;
  commentable: boolean;
  onChanged: () => void;
}) {
  const [body, setBody] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!commentable && item.comments.length === 0) return null;
  const send = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.commentItem(assessmentId, item.catalog_id, item.control_id, body.trim());
      setBody('');
      onChanged();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="subsection" data-testid="review-comments">
      <h4>{t('review.comments')}</h4>
      {item.comments.length > 0 && (
        <ul class="plain-list">
          {item.comments.map((c) => (
            <li key={c.id} data-testid="review-comment">
              <span>{c.body}</span>{' '}
              <span class="muted">
                — {c.author} · {formatDateTime(c.at)}
              </span>
            </li>
          ))}
        </ul>
      )}
      {commentable && (
        <form class="subform" onSubmit={send} data-testid="comment-form">
          <label class="field">
            <span>{t('review.comment')}</span>
            <textarea
              data-testid="comment-body"
              rows={2}
              required
              maxLength={4000}
              value={body}
              onInput={(e) => setBody((e.currentTarget as HTMLTextAreaElement).value)}
            />
          </label>
          <div class="form-actions">
            <button type="submit" class="button-secondary" disabled={busy || !body.trim()} data-testid="comment-send">
              {t('review.send')}
            </button>
          </div>
          {error && (
            <p class="alert alert-error" role="alert" data-testid="comment-error">
              {error}
            </p>
          )}
        </form>
      )}
    </section>
  );
}
