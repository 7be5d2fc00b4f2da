// For the CERT: the 20 most sighted indicators (GET /api/v1/intel/sightings, most organisations
// first), each named by its name or pattern, with its TLP, where a readable collection holds it
// (one TAXII GET per readable collection with match[id] listing all 20).
import { api } from '../api';
import { t } from '../i18n';
import { formatDateTime } from '../format';
import { useLoad } from '../hooks';
import { intelHref, objectLabel, tlpOfObject } from '../intel';
import type { StixObject } from '../types';
import { TlpBadge } from '../components/tlp_badge';
import { DataTable } from '../components/data_table';
import type { IntelContext } from './intel';

const TOP = 20;

interface Known {
  object: StixObject;
  collectionId: string;
}

/** The indicators among `ids` that the readable collections hold, by id (the first one wins). */
async function resolveIndicators(ids: string[], readable: string[]): Promise<Map<string, Known>> {
  const known = new Map<string, Known>();
  if (ids.length === 0) return known;
  const pages = await Promise.all(
    readable.map((collectionId) =>
      api
        .taxiiObjects(collectionId, { ids, types: ['indicator'], limit: ids.length })
        .then((envelope) => ({ collectionId, objects: envelope.objects ?? [] }))
        .catch(() => ({ collectionId, objects: [] as StixObject[] })),
    ),
  );
  for (const { collectionId, objects } of pages) {
    for (const object of objects) {
      if (!known.has(object.id)) known.set(object.id, { object, collectionId });
    }
  }
  return known;
}

export function MostSighted({ ctx, ready }: { ctx: IntelContext; ready: boolean }) {
  const readable = ctx.collections.filter((c) => c.can_read).map((c) => c.id);
  const top = useLoad(() => api.intelSightings({ limit: TOP }).then((r) => r.items ?? []), []);
  const ids = (top.data ?? []).map((s) => s.indicator);
  const names = useLoad(
    () => resolveIndicators(ids, readable),
    [ids.join(','), readable.join(',')],
    ready && top.data !== null,
  );

  return (
    <article class="card" aria-labelledby="most-sighted-title">
      <h2 id="most-sighted-title">{t('intel.mostSighted')}</h2>
      <p class="muted">{t('intel.mostSightedHelp', { count: TOP })}</p>
      {top.error && (
        <p class="alert alert-error" role="alert">
          {top.error}
        </p>
      )}
      <div class="table-wrap">
        <DataTable
          load={top}
          testId="most-sighted-table"
          headings={[
            { label: t('intel.rank'), class: 'num' },
            t('intel.indicator'),
            t('intel.tlp'),
            { label: t('intel.organisations'), class: 'num' },
            { label: t('intel.anonymous'), class: 'num' },
            { label: t('intel.count'), class: 'num' },
            t('intel.firstSeen'),
            t('intel.lastSeen'),
          ]}
          empty={t('intel.noSightingsYet')}
          emptyTestId="most-sighted-empty"
        >
          {(top.data ?? []).map((s, i) => {
            const known = names.data?.get(s.indicator);
            return (
              <tr key={s.indicator} data-testid="most-sighted-row" data-indicator-id={s.indicator}>
                <td class="num">{i + 1}</td>
                <td class="intel-label">
                  <a
                    href={intelHref.indicator(s.indicator, known?.collectionId)}
                    data-testid="most-sighted-open"
                  >
                    {known ? objectLabel(known.object) : <code class="mono">{s.indicator}</code>}
                  </a>
                  {known?.object.name && known.object.pattern && (
                    <div>
                      <code class="mono muted">{known.object.pattern}</code>
                    </div>
                  )}
                </td>
                <td>{known ? <TlpBadge tlp={tlpOfObject(known.object)} /> : '—'}</td>
                <td class="num" data-testid="most-sighted-organisations">
                  {s.organisations}
                </td>
                <td class="num" data-testid="most-sighted-anonymous">
                  {s.anonymous_organisations}
                </td>
                <td class="num" data-testid="most-sighted-count">
                  {s.count}
                </td>
                <td class="nowrap">{formatDateTime(s.first_seen)}</td>
                <td class="nowrap">{formatDateTime(s.last_seen)}</td>
              </tr>
            );
          })}
        </DataTable>
      </div>
    </article>
  );
}
