// The audit trail: the server's hash-chained record of every state change, in the server's order,
// with filters and cursor paging ("Load more" follows `next`).
import { useState } from 'preact/hooks';
import { api } from '../api';
import { t } from '../i18n';
import { displayValue, formatDateTime, formatDetail } from '../format';
import { usePagedList } from '../hooks';
import type { Org } from '../types';
import { LoadMore } from '../components/load_more';
import { OrgSelect } from '../components/org_select';
import { DataTable } from '../components/data_table';

const PAGE_SIZE = 50;

interface Filters {
  org: string;
  actor: string;
  since: string;
  until: string;
}

const EMPTY: Filters = { org: '', actor: '', since: '', until: '' };

/** A datetime-local value ("2024-05-01T10:00") as RFC 3339 in UTC; "" when empty or invalid. */
function toRfc3339(local: string): string {
  if (!local) return '';
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function objectText(type: string | null, id: unknown): string {
  if (!type) return '—';
  return id === null || id === undefined || id === '' ? type : `${type} #${displayValue(id)}`;
}

export function AuditPage({ orgs }: { orgs: Org[] }) {
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [applied, setApplied] = useState<Filters>(EMPTY);
  const list = usePagedList(
    (cursor) =>
      api.listAudit({
        limit: PAGE_SIZE,
        cursor,
        org: applied.org ? Number(applied.org) : null,
        actor: applied.actor.trim(),
        since: toRfc3339(applied.since),
        until: toRfc3339(applied.until),
      }),
    [applied],
  );
  const orgName = (id: number | null) =>
    id === null || id === undefined ? '—' : (orgs.find((o) => o.id === id)?.name ?? `#${id}`);
  const set = (key: keyof Filters) => (e: Event) =>
    setDraft({ ...draft, [key]: (e.currentTarget as HTMLInputElement).value });

  return (
    <section data-testid="page-audit" aria-labelledby="audit-title">
      <h1 id="audit-title">{t('nav.audit')}</h1>
      <p class="muted">{t('audit.help')}</p>
      <form
        class="filters"
        data-testid="audit-filters"
        onSubmit={(e) => {
          e.preventDefault();
          setApplied({ ...draft });
        }}
      >
        <OrgSelect
          label={t('audit.org')}
          orgs={orgs}
          value={draft.org}
          onChange={(org) => setDraft({ ...draft, org })}
          testId="audit-filter-org"
          emptyLabel={t('audit.allOrgs')}
        />
        <label class="field">
          <span>{t('audit.actor')}</span>
          <input data-testid="audit-filter-actor" value={draft.actor} onInput={set('actor')} />
        </label>
        <label class="field">
          <span>{t('audit.since')}</span>
          <input type="datetime-local" value={draft.since} onInput={set('since')} />
        </label>
        <label class="field">
          <span>{t('audit.until')}</span>
          <input type="datetime-local" value={draft.until} onInput={set('until')} />
        </label>
        <div class="form-actions">
          <button type="submit" class="button-primary" data-testid="audit-apply">
            {t('audit.apply')}
          </button>
          <button
            type="button"
            class="button-link"
            onClick={() => {
              setDraft(EMPTY);
              setApplied(EMPTY);
            }}
          >
            {t('audit.reset')}
          </button>
        </div>
      </form>
      {list.error && (
        <p class="alert alert-error" role="alert">
          {list.error}
        </p>
      )}
      <div class="table-wrap">
        <DataTable
          load={list}
          testId="audit-table"
          headings={[
            t('audit.seq'),
            t('audit.at'),
            t('audit.actor'),
            t('audit.org'),
            t('audit.action'),
            t('audit.object'),
            t('audit.detail'),
            t('audit.hash'),
          ]}
          empty={t('audit.empty')}
        >
          {list.items.map((r) => (
            <tr key={r.seq} data-testid="audit-row">
              <td class="num">{r.seq}</td>
              <td class="nowrap">{formatDateTime(r.at)}</td>
              <td>{displayValue(r.actor)}</td>
              <td class="org">{orgName(r.org_id)}</td>
              <td class="mono">{r.action}</td>
              <td class="mono">
                {objectText(r.object_type, r.object_id)}
              </td>
              <td class="detail">{formatDetail(r.detail)}</td>
              <td class="mono hash" title={r.hash}>
                {r.hash ? r.hash.slice(0, 12) : '—'}
              </td>
            </tr>
          ))}
        </DataTable>
      </div>
      <LoadMore next={list.next} busy={list.loading} onClick={list.more} testId="audit-more" />
    </section>
  );
}
