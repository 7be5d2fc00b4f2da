// One indicator: its details (from the collection named in the route, else from the first
// readable collection that holds it) and its sightings as the viewer may know them: how many
// organisations, the named ones and how many stay anonymous, counts and first/last seen, with a
// bar chart per organisation and the same numbers as a table.
import { api } from '../api';
import { t } from '../i18n';
import { formatDateTime } from '../format';
import { useLoad } from '../hooks';
import { dailySeries, intelHref, normalizeTlp, sightingBars, tlpOfObject, type ChartBar } from '../intel';
import type { IndicatorSightings, IntelSearchItem } from '../types';
import { BarChart } from '../components/bar_chart';
import { TimeChart } from '../components/time_chart';
import { TlpBadge } from '../components/tlp_badge';
import { DataTable } from '../components/data_table';
import type { IntelContext } from './intel';

interface Found {
  item: IntelSearchItem;
  collectionId: string;
}

/**
 * The latest readable version of indicator `id`: searched by its id (which its JSON contains) in
 * the collection `preferred` first, then in every other readable collection. There is no lookup
 * by id alone, and a TAXII GET of an object another collection holds would answer 404.
 */
async function findIndicator(
  id: string,
  preferred: string | null,
  readable: string[],
): Promise<Found | null> {
  const lookIn = async (collectionId: string): Promise<Found | null> => {
    try {
      const page = await api.intelSearch({ collection: collectionId, q: id, type: 'indicator', limit: 10 });
      const item = page.items.find((i) => i.object.id === id);
      return item ? { item, collectionId } : null;
    } catch {
      return null;
    }
  };
  if (preferred && readable.includes(preferred)) {
    const found = await lookIn(preferred);
    if (found) return found;
  }
  const rest = await Promise.all(readable.filter((c) => c !== preferred).map(lookIn));
  return rest.find((f) => f !== null) ?? null;
}

export function IndicatorPage({
  ctx,
  ready,
  indicatorId,
  collectionId,
}: {
  ctx: IntelContext;
  /** Whether the collection list has loaded. */
  ready: boolean;
  indicatorId: string;
  collectionId: string | null;
}) {
  const readable = ctx.collections.filter((c) => c.can_read).map((c) => c.id);
  const found = useLoad(
    () => findIndicator(indicatorId, collectionId, readable),
    [indicatorId, collectionId, readable.join(',')],
    ready,
  );
  const sightings = useLoad(
    () => api.intelSightings({ indicator: indicatorId }).then((r) => r.items?.[0] ?? null),
    [indicatorId],
  );
  const item = found.data?.item ?? null;
  const object = item?.object;
  const back = found.data?.collectionId ?? collectionId;
  const collection = ctx.collections.find((c) => c.id === found.data?.collectionId);
  const tlp = item ? (normalizeTlp(item.tlp) ?? tlpOfObject(item.object)) : null;
  const labels = [...(object?.labels ?? []), ...(object?.indicator_types ?? [])];
  const recipients = object?.x_qalxan_recipients ?? [];

  return (
    <div data-testid="indicator-page" data-indicator-id={indicatorId}>
      <p class="back-link">
        <a href={back ? intelHref.collection(back) : intelHref.collections()} data-testid="indicator-back">
          ← {collection ? collection.title : t('intel.collections')}
        </a>
      </p>
      <article class="card" aria-labelledby="indicator-title">
        <h2 id="indicator-title" data-testid="indicator-title">
          {object?.name || t('intel.indicator')}
        </h2>
        <p class="mono muted indicator-id">{indicatorId}</p>
        {found.error && (
          <p class="alert alert-error" role="alert">
            {found.error}
          </p>
        )}
        {(!ready || found.loading) && !item && (
          <p class="muted" aria-busy="true">
            {t('common.loading')}
          </p>
        )}
        {ready && !found.loading && !found.error && !item && (
          <p class="alert alert-info" data-testid="indicator-unavailable">
            {t('intel.indicatorUnavailable')}
          </p>
        )}
        {item && object && tlp && (
          <dl class="facts" data-testid="indicator-details">
            <dt>{t('intel.pattern')}</dt>
            <dd>
              <code class="mono pattern" data-testid="indicator-pattern">
                {object.pattern ?? '—'}
              </code>
              {object.pattern_type && object.pattern_type !== 'stix' && (
                <span class="muted"> ({object.pattern_type})</span>
              )}
            </dd>
            {object.description && (
              <>
                <dt>{t('share.description')}</dt>
                <dd data-testid="indicator-description">{object.description}</dd>
              </>
            )}
            <dt>{t('intel.tlp')}</dt>
            <dd data-testid="indicator-tlp">
              <TlpBadge tlp={tlp} />
            </dd>
            {recipients.length > 0 && (
              <>
                <dt>{t('share.recipients')}</dt>
                <dd data-testid="indicator-recipients">{recipients.map(ctx.orgName).join(', ')}</dd>
              </>
            )}
            <dt>{t('intel.validFrom')}</dt>
            <dd data-testid="indicator-valid-from">{formatDateTime(object.valid_from)}</dd>
            <dt>{t('intel.validUntil')}</dt>
            <dd data-testid="indicator-valid-until">
              {object.valid_until ? formatDateTime(object.valid_until) : t('intel.noExpiry')}
            </dd>
            <dt>{t('intel.revokedLabel')}</dt>
            <dd data-testid="indicator-revoked" data-revoked={object.revoked === true}>
              {object.revoked === true ? (
                <span class="badge badge-revoked">{t('intel.revoked')}</span>
              ) : (
                t('intel.notRevoked')
              )}
            </dd>
            <dt>{t('intel.labels')}</dt>
            <dd data-testid="indicator-labels">
              {labels.length === 0
                ? '—'
                : labels.map((label) => (
                    <span key={label} class="badge badge-field">
                      {label}
                    </span>
                  ))}
            </dd>
            <dt>{t('intel.producer')}</dt>
            <dd data-testid="indicator-producer">{ctx.orgName(item.producer_org)}</dd>
            <dt>{t('intel.dateAdded')}</dt>
            <dd>{formatDateTime(item.date_added)}</dd>
            <dt>{t('intel.modified')}</dt>
            <dd>{formatDateTime(object.modified ?? object.created)}</dd>
          </dl>
        )}
      </article>
      <article class="card" aria-labelledby="sightings-title">
        <h2 id="sightings-title">{t('intel.sightings')}</h2>
        {sightings.error && (
          <p class="alert alert-error" role="alert">
            {sightings.error}
          </p>
        )}
        {sightings.loading && !sightings.data && (
          <p class="muted" aria-busy="true">
            {t('common.loading')}
          </p>
        )}
        {!sightings.loading && !sightings.error && !sightings.data && (
          <p class="muted" data-testid="sightings-empty">
            {t('intel.noSightings')}
          </p>
        )}
        {sightings.data && <SightingsView s={sightings.data} orgName={ctx.orgName} />}
      </article>
    </div>
  );
}

function SightingsView({ s, orgName }: { s: IndicatorSightings; orgName: (id: number) => string }) {
  const bars = sightingBars(s);
  const named = s.by_organisation?.length ?? 0;
  const barLabel = (b: ChartBar) =>
    b.orgId === null ? t('intel.anonymousOrgs', { count: s.anonymous_organisations }) : orgName(b.orgId);
  return (
    <div data-testid="sightings">
      <dl class="facts facts-inline" data-testid="sightings-summary">
        <dt>{t('intel.organisations')}</dt>
        <dd data-testid="sightings-organisations">{s.organisations}</dd>
        <dt>{t('intel.totalCount')}</dt>
        <dd data-testid="sightings-count">{s.count}</dd>
        <dt>{t('intel.namedOrgs')}</dt>
        <dd data-testid="sightings-named">{named}</dd>
        <dt>{t('intel.anonymous')}</dt>
        <dd data-testid="sightings-anonymous">{s.anonymous_organisations}</dd>
        <dt>{t('intel.firstSeen')}</dt>
        <dd data-testid="sightings-first-seen">{formatDateTime(s.first_seen)}</dd>
        <dt>{t('intel.lastSeen')}</dt>
        <dd data-testid="sightings-last-seen">{formatDateTime(s.last_seen)}</dd>
        <dt>{t('intel.sightingObjects')}</dt>
        <dd data-testid="sightings-reports">{s.sightings}</dd>
      </dl>
      {(s.per_day?.length ?? 0) > 0 && (
        <TimeChart title={t('intel.timelineTitle')} testId="sightings-timeline" days={dailySeries(s.per_day ?? [])} />
      )}
      <div class="chart-layout">
        <BarChart
          title={t('intel.chartTitle')}
          testId="sightings-chart"
          bars={bars.map((b) => ({
            key: b.orgId === null ? 'anonymous' : String(b.orgId),
            label: barLabel(b),
            value: b.count,
            muted: b.orgId === null,
          }))}
        />
        <div class="table-wrap">
          <DataTable
            class="sightings-table"
            testId="sightings-table"
            caption={t('intel.chartTitle')}
            headings={[
              t('intel.organisation'),
              { label: t('intel.sightingObjects'), class: 'num' },
              { label: t('intel.count'), class: 'num' },
              t('intel.firstSeen'),
              t('intel.lastSeen'),
            ]}
          >
            {bars.map((b) => (
              <tr
                key={b.orgId ?? 'anonymous'}
                data-testid="sighting-org-row"
                data-org-id={b.orgId ?? 'anonymous'}
              >
                <th scope="row" class={b.orgId === null ? 'muted' : undefined}>
                  {barLabel(b)}
                </th>
                <td class="num">{b.sightings}</td>
                <td class="num">{b.count}</td>
                <td class="nowrap">{formatDateTime(b.firstSeen)}</td>
                <td class="nowrap">{formatDateTime(b.lastSeen)}</td>
              </tr>
            ))}
          </DataTable>
        </div>
      </div>
    </div>
  );
}
