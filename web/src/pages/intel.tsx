// Threat intelligence: the TAXII 2.1 collections the user may read or write, a collection's
// contents (searched and paged on the server) with the form to share an indicator, an indicator
// with its sightings, and for the CERT the most sighted indicators. Sub-routes of #/intel are
// parsed by parseIntelRoute() (src/intel.ts).
import { api } from '../api';
import { t } from '../i18n';
import { canSeeMostSighted } from '../nav';
import { intelHref, parseIntelRoute } from '../intel';
import { useLoad } from '../hooks';
import { useHash } from '../route';
import type { Org, Session, TaxiiCollection } from '../types';
import { CollectionPanel } from './intel_collection';
import { IndicatorPage } from './intel_indicator';
import { MostSighted } from './intel_most_sighted';
import { DataTable } from '../components/data_table';

/** What the intel views need to know about the viewer and the organisations. */
export interface IntelContext {
  session: Session;
  /** The organisations GET /api/v1/orgs lists for the user (all of them for the regulator and CERT). */
  orgs: Org[];
  /** An organisation's name, or "Organisation #id" when the user may not list it. */
  orgName: (id: number) => string;
  collections: TaxiiCollection[];
}

export function IntelPage({ session, orgs }: { session: Session; orgs: Org[] }) {
  const hash = useHash();
  const parsed = parseIntelRoute(hash);
  const mostSighted = canSeeMostSighted(session.org.kind);
  const route = parsed.view === 'most-sighted' && !mostSighted ? parseIntelRoute('#/intel') : parsed;
  const collections = useLoad(() => api.taxiiCollections(), []);
  const orgName = (id: number) =>
    orgs.find((o) => o.id === id)?.name ??
    (id === session.org.id ? session.org.name : t('intel.orgNumber', { id }));
  const ctx: IntelContext = { session, orgs, orgName, collections: collections.data ?? [] };

  return (
    <section data-testid="page-intel" aria-labelledby="intel-title">
      <h1 id="intel-title">{t('nav.intel')}</h1>
      <p class="muted">{t('intel.help')}</p>
      {mostSighted && (
        <nav class="tabs" aria-label={t('intel.views')}>
          <a
            href={intelHref.collections()}
            data-testid="intel-tab-collections"
            aria-current={route.view === 'collections' ? 'page' : undefined}
          >
            {t('intel.collections')}
          </a>
          <a
            href={intelHref.mostSighted()}
            data-testid="intel-tab-most-sighted"
            aria-current={route.view === 'most-sighted' ? 'page' : undefined}
          >
            {t('intel.mostSighted')}
          </a>
        </nav>
      )}
      {collections.error && (
        <p class="alert alert-error" role="alert" data-testid="collections-error">
          {collections.error}
        </p>
      )}
      {route.view === 'collections' && (
        <CollectionsView
          ctx={ctx}
          loading={collections.loading}
          loaded={collections.data !== null}
          selectedId={route.collectionId}
        />
      )}
      {route.view === 'indicator' && (
        <IndicatorPage
          key={route.indicatorId}
          ctx={ctx}
          ready={!collections.loading}
          indicatorId={route.indicatorId}
          collectionId={route.collectionId}
        />
      )}
      {route.view === 'most-sighted' && <MostSighted ctx={ctx} ready={!collections.loading} />}
    </section>
  );
}

function AccessBadges({ collection }: { collection: TaxiiCollection }) {
  return (
    <span class="badges">
      {collection.can_read && (
        <span class="badge badge-read" data-testid="badge-can-read">
          {t('intel.canRead')}
        </span>
      )}
      {collection.can_write && (
        <span class="badge badge-write" data-testid="badge-can-write">
          {t('intel.canWrite')}
        </span>
      )}
    </span>
  );
}

function CollectionsView({
  ctx,
  loading,
  loaded,
  selectedId,
}: {
  ctx: IntelContext;
  loading: boolean;
  /** Whether the collection list has arrived (it is empty after a failure). */
  loaded: boolean;
  selectedId: string | null;
}) {
  const { collections } = ctx;
  const selected = collections.find((c) => c.id === selectedId) ?? null;
  return (
    <>
      <div class="table-wrap card">
        <DataTable
          testId="collections-table"
          busy={loading}
          caption={t('intel.collections')}
          headings={[t('intel.collectionTitle'), t('intel.collectionDescription'), t('intel.access')]}
          empty={t('intel.noCollections')}
          ready={loaded}
        >
          {collections.map((c) => {
            const current = c.id === selectedId;
            return (
              <tr
                key={c.id}
                data-testid="collection-row"
                data-collection-title={c.title}
                class={current ? 'selected' : undefined}
              >
                <td>
                  <a
                    href={intelHref.collection(c.id)}
                    data-testid="collection-open"
                    aria-current={current ? 'true' : undefined}
                  >
                    {c.title}
                  </a>
                </td>
                <td>{c.description || '—'}</td>
                <td>
                  <AccessBadges collection={c} />
                </td>
              </tr>
            );
          })}
        </DataTable>
      </div>
      {selectedId && !selected && loaded && (
        <p class="alert alert-error" role="alert" data-testid="collection-unknown">
          {t('intel.unknownCollection')}
        </p>
      )}
      {selected && <CollectionPanel key={selected.id} ctx={ctx} collection={selected} />}
    </>
  );
}
