// Incidents under statutory clocks: the operator's own incidents and the report form, the CERT's
// queue (nearest deadline first, overdue rows highlighted), the regulator's statistics and regime
// mapping; an incident's own page (src/pages/incident_view.tsx) under #/incidents/<id>.
import { useState } from 'preact/hooks';
import { api } from '../api';
import { t, tDynamic } from '../i18n';
import { formatDateTime, sectorLabel } from '../format';
import { useNow, usePagedList } from '../hooks';
import { countdownText, incidentHref, incidentRowClass, isOverdue, sortQueue, STATUSES } from '../incidents';
import { canReportIncident, canSeeIncidentStats } from '../nav';
import { parseIdRoute } from '../registry';
import { useHash } from '../route';
import type { Incident, Org, Session } from '../types';
import { LoadMore } from '../components/load_more';
import { countdownWords } from '../components/stage_clock';
import { DataTable } from '../components/data_table';
import { IncidentView } from './incident_view';
import { ReportForm } from './incident_report';
import { IncidentStatsSection } from './incident_stats';

const PAGE_SIZE = 100;

export const severityLabel = (s: string) => tDynamic(`severity.${s}`, s);
export const incidentStatusLabel = (s: string) => tDynamic(`incidentStatus.${s}`, s);

export function IncidentsPage({ session, orgs }: { session: Session; orgs: Org[] }) {
  const hash = useHash();
  const id = parseIdRoute(hash, 'incidents');
  return (
    <section data-testid="page-incidents" aria-labelledby="incidents-title">
      <h1 id="incidents-title">{t('nav.incidents')}</h1>
      {id === null ? <IncidentList session={session} orgs={orgs} /> : <IncidentView key={id} session={session} id={id} />}
    </section>
  );
}

export function OverdueBadge() {
  return (
    <span class="badge badge-overdue" data-testid="overdue-badge">
      {t('incident.overdueBadge')}
    </span>
  );
}

function IncidentList({ session, orgs }: { session: Session; orgs: Org[] }) {
  const kind = session.org.kind;
  const seesAll = kind === 'cert' || kind === 'regulator';
  const [status, setStatus] = useState('');
  const [org, setOrg] = useState('');
  const now = useNow();
  const list = usePagedList(
    (cursor) => api.listIncidents({ limit: PAGE_SIZE, cursor, status, org: org ? Number(org) : null }),
    [status, org],
  );
  // The server sorts by next deadline too; pages appended by "Load more" are merged in order.
  const items = sortQueue(list.items);
  const overdue = items.filter((i) => isOverdue(i, now)).length;
  const words = countdownWords();
  return (
    <>
      <p class="muted">{kind === 'cert' ? t('incident.helpCert') : kind === 'regulator' ? t('incident.helpRegulator') : t('incident.help')}</p>
      <h2>{kind === 'cert' ? t('incident.queue') : t('incident.list')}</h2>
      <div class="filters">
        <label class="field">
          <span>{t('incident.status')}</span>
          <select data-testid="incidents-filter-status" value={status} onChange={(e) => setStatus((e.currentTarget as HTMLSelectElement).value)}>
            <option value="">{t('incident.anyStatus')}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {incidentStatusLabel(s)}
              </option>
            ))}
          </select>
        </label>
        {seesAll && (
          <label class="field">
            <span>{t('incident.organisation')}</span>
            <select data-testid="incidents-filter-org" value={org} onChange={(e) => setOrg((e.currentTarget as HTMLSelectElement).value)}>
              <option value="">{t('incident.anyOrganisation')}</option>
              {orgs
                .filter((o) => o.kind === 'operator' || o.kind === 'provider')
                .map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.name}
                  </option>
                ))}
            </select>
          </label>
        )}
      </div>
      {overdue > 0 && (
        <p class="alert alert-warning" data-testid="incidents-overdue-summary">
          {t('incident.overdueSummary', { n: overdue })}
        </p>
      )}
      {list.error && (
        <p class="alert alert-error" role="alert" data-testid="incidents-error">
          {list.error}
        </p>
      )}
      <div class="table-wrap card">
        <DataTable
          load={list}
          testId="incidents-table"
          caption={t('incident.list')}
          headings={[
            t('incident.title'),
            seesAll && t('incident.organisation'),
            t('incident.sector'),
            t('incident.severity'),
            t('incident.status'),
            t('incident.nextDeadline'),
          ]}
          empty={t('incident.empty')}
        >
          {items.map((i: Incident) => {
            const late = isOverdue(i, now);
            return (
              <tr
                key={i.id}
                class={incidentRowClass(i, now)}
                data-testid="incident-row"
                data-incident-id={i.id}
                data-title={i.title}
                data-overdue={late ? 'true' : 'false'}
              >
                <td>
                  <a href={incidentHref.one(i.id)} data-testid="incident-open">
                    {i.title}
                  </a>{' '}
                  {late && <OverdueBadge />}
                </td>
                {seesAll && <td>{i.org_name}</td>}
                <td>{sectorLabel(i.sector)}</td>
                <td>
                  <span class={`badge badge-severity-${i.severity}`}>{severityLabel(i.severity)}</span>
                </td>
                <td>{incidentStatusLabel(i.status)}</td>
                <td data-testid="incident-next-due">
                  {i.next_due_at ? (
                    <>
                      <span class="incident-countdown">{countdownText(i.next_due_at, now, words)}</span>
                      <br />
                      <small class="muted">{formatDateTime(i.next_due_at)}</small>
                    </>
                  ) : (
                    '—'
                  )}
                </td>
              </tr>
            );
          })}
        </DataTable>
      </div>
      <LoadMore next={list.next} busy={list.loading} onClick={list.more} testId="incidents-more" />
      {canReportIncident(kind, session.user.role) && (
        <ReportForm
          onReported={(i) => {
            location.hash = incidentHref.one(i.id);
          }}
        />
      )}
      {canSeeIncidentStats(kind, session.user.role) && <IncidentStatsSection session={session} />}
    </>
  );
}
