// Campaigns (#/campaigns): the regulator's inspection plans — the list, planning a new one (by
// sector and category, or a list of objects) and one campaign's board (#/campaigns/<id>): counts
// per state that filter the rows, overdue rows highlighted, each row linking to its assessment.
import { useState } from 'preact/hooks';
import { api, fetchAll } from '../api';
import { errorText } from '../errors';
import { t, tDynamic } from '../i18n';
import { formatDate, formatDateTime, formatScore, sectorLabel } from '../format';
import { useLoad, usePagedList } from '../hooks';
import { canPlanCampaign } from '../nav';
import { assessmentHref } from '../registry';
import { useHash } from '../route';
import {
  type BoardRow,
  type Campaign,
  type CampaignForm,
  acceptedPercent,
  campaignBody,
  campaignHref,
  parseCampaignRoute,
  rowAttention,
  stateCounts,
} from '../campaigns';
import { SECTORS, type Session } from '../types';
import { LoadMore } from '../components/load_more';
import { DataTable } from '../components/data_table';

const PAGE_SIZE = 50;
const stateLabel = (state: string) => tDynamic(`campaignState.${state}`, state);

export function CampaignsPage({ session }: { session: Session }) {
  const id = parseCampaignRoute(useHash());
  return (
    <section data-testid="page-campaigns" aria-labelledby="campaigns-title">
      <h1 id="campaigns-title">{t('nav.campaigns')}</h1>
      {id === null ? <CampaignList session={session} /> : <CampaignBoard key={id} campaignId={id} />}
    </section>
  );
}

function CampaignList({ session }: { session: Session }) {
  const list = usePagedList((cursor) => api.listCampaigns({ limit: PAGE_SIZE, cursor }), []);
  return (
    <>
      <p class="muted">{t('campaigns.help')}</p>
      {list.error && (
        <p class="alert alert-error" role="alert" data-testid="campaigns-error">
          {list.error}
        </p>
      )}
      <div class="table-wrap card">
        <DataTable
          load={list}
          testId="campaigns-table"
          caption={t('nav.campaigns')}
          headings={[t('campaigns.name'), t('campaigns.selection'), t('campaigns.subjects'), t('campaigns.due'), t('campaigns.created')]}
          empty={t('campaigns.empty')}
        >
          {list.items.map((c) => (
            <tr key={c.id} data-testid="campaign-row" data-campaign-id={c.id}>
              <td>
                <a href={campaignHref.one(c.id)} data-testid="campaign-open">
                  {c.name}
                </a>
              </td>
              <td>{selectionText(c)}</td>
              <td>{c.subjects}</td>
              <td>{formatDate(c.due_at)}</td>
              <td>{formatDateTime(c.created_at)}</td>
            </tr>
          ))}
        </DataTable>
      </div>
      <LoadMore next={list.next} busy={list.loading} onClick={list.more} testId="campaigns-more" />
      {canPlanCampaign(session.org.kind, session.user.role) && <NewCampaign />}
    </>
  );
}

function selectionText(c: Campaign): string {
  if (!c.sector) return t('campaigns.byList');
  const sector = sectorLabel(c.sector);
  return c.category === null ? sector : t('campaigns.sectorCategory', { sector, category: String(c.category) });
}

const EMPTY_FORM: CampaignForm = {
  name: '',
  description: '',
  profileId: '',
  dueDate: '',
  mode: 'sector',
  sector: '',
  category: '',
  subjects: '',
};

function NewCampaign() {
  const profiles = useLoad(
    () => fetchAll((cursor) => api.listCatalogs({ limit: 1000, cursor })),
    [],
  );
  const [form, setForm] = useState<CampaignForm>(EMPTY_FORM);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const set = (patch: Partial<CampaignForm>) => setForm((f) => ({ ...f, ...patch }));
  const value = (e: Event) => (e.currentTarget as HTMLInputElement).value;
  const submit = async (e: Event) => {
    e.preventDefault();
    const built = campaignBody(form, new Date().toISOString().slice(0, 10));
    if ('errorKey' in built) {
      setError(tDynamic(built.errorKey, built.errorKey));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const created = await api.createCampaign(built.body);
      location.hash = campaignHref.one(created.id);
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  };
  const general = (profiles.data ?? []).filter((c) => c.scope === 'general');
  return (
    <article class="card" aria-labelledby="new-campaign-title">
      <h2 id="new-campaign-title">{t('campaigns.new')}</h2>
      <p class="muted">{t('campaigns.newHelp')}</p>
      <form class="form-grid" onSubmit={submit} data-testid="new-campaign-form" noValidate>
        <label class="field">
          <span>{t('campaigns.name')}</span>
          <input data-testid="campaign-name" value={form.name} onInput={(e) => set({ name: value(e) })} />
        </label>
        <label class="field">
          <span>{t('campaigns.profile')}</span>
          <select data-testid="campaign-profile" value={form.profileId} onChange={(e) => set({ profileId: value(e) })}>
            <option value="" disabled>
              {t('campaigns.chooseProfile')}
            </option>
            {general.map((c) => (
              <option key={c.id} value={c.id}>
                {c.title || c.name}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span>{t('campaigns.due')}</span>
          <input
            type="date"
            data-testid="campaign-due"
            value={form.dueDate}
            onInput={(e) => set({ dueDate: value(e) })}
          />
        </label>
        <fieldset class="field">
          <legend>{t('campaigns.selection')}</legend>
          <label>
            <input
              type="radio"
              name="campaign-mode"
              data-testid="campaign-mode-sector"
              checked={form.mode === 'sector'}
              onChange={() => set({ mode: 'sector' })}
            />{' '}
            {t('campaigns.bySector')}
          </label>{' '}
          <label>
            <input
              type="radio"
              name="campaign-mode"
              data-testid="campaign-mode-subjects"
              checked={form.mode === 'subjects'}
              onChange={() => set({ mode: 'subjects' })}
            />{' '}
            {t('campaigns.byList')}
          </label>
        </fieldset>
        {form.mode === 'sector' ? (
          <>
            <label class="field">
              <span>{t('object.sector')}</span>
              <select data-testid="campaign-sector" value={form.sector} onChange={(e) => set({ sector: value(e) })}>
                <option value="" disabled>
                  {t('campaigns.chooseSector')}
                </option>
                {SECTORS.map((s) => (
                  <option key={s} value={s}>
                    {sectorLabel(s)}
                  </option>
                ))}
              </select>
            </label>
            <label class="field">
              <span>{t('campaigns.category')}</span>
              <select data-testid="campaign-category" value={form.category} onChange={(e) => set({ category: value(e) })}>
                <option value="">{t('campaigns.anyCategory')}</option>
                {['1', '2', '3', '0'].map((c) => (
                  <option key={c} value={c}>
                    {c === '0' ? t('campaigns.uncategorised') : c}
                  </option>
                ))}
              </select>
            </label>
          </>
        ) : (
          <label class="field">
            <span>{t('campaigns.subjectIds')}</span>
            <textarea
              data-testid="campaign-subjects"
              value={form.subjects}
              onInput={(e) => set({ subjects: value(e) })}
            />
          </label>
        )}
        <label class="field">
          <span>{t('campaigns.description')}</span>
          <textarea
            data-testid="campaign-description"
            value={form.description}
            onInput={(e) => set({ description: value(e) })}
          />
        </label>
        <div class="form-actions">
          <button type="submit" class="button-primary" disabled={busy} data-testid="new-campaign-submit">
            {t('campaigns.create')}
          </button>
        </div>
      </form>
      {(error || profiles.error) && (
        <p class="alert alert-error" role="alert" data-testid="new-campaign-error">
          {error ?? profiles.error}
        </p>
      )}
    </article>
  );
}

function CampaignBoard({ campaignId }: { campaignId: number }) {
  const [state, setState] = useState('');
  const [summary, setSummary] = useState<{ counts: Record<string, number>; total: number; campaign: Campaign } | null>(
    null,
  );
  const rows = usePagedList<BoardRow>(async (cursor) => {
    const board = await api.campaignBoard(campaignId, state, PAGE_SIZE, cursor);
    if (!cursor && board.counts) setSummary({ counts: board.counts, total: board.total ?? 0, campaign: board.campaign });
    return { items: board.items, next: board.next };
  }, [campaignId, state]);
  const c = summary?.campaign;
  return (
    <>
      <p>
        <a href={campaignHref.list()}>{t('campaigns.back')}</a>
      </p>
      {c && (
        <article class="card" data-testid="campaign-summary">
          <h2 data-testid="campaign-title">{c.name}</h2>
          {c.description && <p>{c.description}</p>}
          <p class="muted">
            {t('campaigns.summary', {
              selection: selectionText(c),
              due: formatDate(c.due_at),
              accepted: String(acceptedPercent(summary.counts, summary.total)),
            })}
          </p>
        </article>
      )}
      {summary && (
        <div class="filters" role="group" aria-label={t('campaigns.filterByState')} data-testid="campaign-counts">
          <button
            type="button"
            class={state === '' ? 'button-primary' : ''}
            aria-pressed={state === ''}
            data-testid="campaign-state-all"
            onClick={() => setState('')}
          >
            {t('campaigns.all')} <strong data-testid="campaign-count-total">{summary.total}</strong>
          </button>
          {stateCounts(summary.counts).map(({ state: s, count }) => (
            <button
              key={s}
              type="button"
              class={`${state === s ? 'button-primary' : ''} ${s === 'overdue' && count > 0 ? 'campaign-overdue' : ''}`}
              aria-pressed={state === s}
              data-testid={`campaign-count-${s}`}
              data-count={count}
              onClick={() => setState(s)}
            >
              {stateLabel(s)} <strong>{count}</strong>
            </button>
          ))}
        </div>
      )}
      {rows.error && (
        <p class="alert alert-error" role="alert" data-testid="campaign-board-error">
          {rows.error}
        </p>
      )}
      <div class="table-wrap card">
        <DataTable
          load={rows}
          testId="campaign-board"
          caption={t('campaigns.board')}
          headings={[
            t('assessment.subject'),
            t('registry.owner'),
            t('campaigns.state'),
            t('assessment.score'),
            t('campaigns.assessment'),
          ]}
          empty={t('campaigns.boardEmpty')}
        >
          {rows.items.map((r) => {
            const attention = rowAttention(r);
            return (
              <tr
                key={r.id}
                class={attention ? `campaign-row-${attention}` : undefined}
                data-testid="campaign-board-row"
                data-subject-id={r.subject_id}
                data-state={r.state}
              >
                <td>{r.subject_name || t('object.number', { id: r.subject_id })}</td>
                <td>{r.owner_name}</td>
                <td>
                  <span class={`badge badge-campaign-${r.state}`} data-testid="campaign-row-state">
                    {stateLabel(r.state)}
                  </span>
                  {r.note && <div class="muted">{r.note}</div>}
                </td>
                <td>{formatScore(r.score)}</td>
                <td>
                  {r.assessment_id !== null ? (
                    <a href={assessmentHref.one(r.assessment_id)} data-testid="campaign-row-assessment">
                      {t('assessment.title', { id: r.assessment_id })}
                    </a>
                  ) : (
                    '—'
                  )}
                  {r.linked && <span class="muted"> {t('campaigns.linked')}</span>}
                </td>
              </tr>
            );
          })}
        </DataTable>
      </div>
      <LoadMore next={rows.next} busy={rows.loading} onClick={rows.more} testId="campaign-board-more" />
    </>
  );
}
