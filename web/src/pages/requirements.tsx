// Requirements: the catalogs and profiles the user may read, with their latest version. Choosing
// one opens its versions (publish, signed downloads, compare) and its requirement tree.
import { useState } from 'preact/hooks';
import { api, fetchAll } from '../api';
import { t } from '../i18n';
import { catalogKindLabel, catalogScopeLabel } from '../format';
import { useLoad } from '../hooks';
import { latestVersion } from '../oscal';
import type { Catalog, CatalogVersion, Session } from '../types';
import { StatusBadge } from '../components/applicability';
import { DataTable } from '../components/data_table';
import { CatalogVersions } from './catalog_versions';
import { CatalogCompare } from './catalog_compare';
import { RequirementBrowser } from './requirement_browser';

/** A catalog with its versions (null when they could not be loaded). */
export interface CatalogEntry {
  catalog: Catalog;
  versions: CatalogVersion[] | null;
}

// The list answers no version status, so each catalog's versions come from GET /catalogs/{id}.
async function loadCatalogs(): Promise<CatalogEntry[]> {
  const catalogs = await fetchAll((cursor) => api.listCatalogs({ limit: 1000, cursor }));
  return Promise.all(
    catalogs.map(async (catalog) => {
      try {
        const detail = await api.getCatalog(catalog.id);
        return { catalog, versions: detail.versions ?? [] };
      } catch {
        return { catalog, versions: null };
      }
    }),
  );
}

export function RequirementsPage({ session }: { session: Session }) {
  const list = useLoad(loadCatalogs, []);
  const keys = useLoad(() => api.listKeys().then((r) => r.keys ?? []), []);
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const entries = list.data ?? [];
  const selected = entries.find((e) => e.catalog.id === selectedId) ?? null;

  return (
    <section data-testid="page-requirements" aria-labelledby="requirements-title">
      <h1 id="requirements-title">{t('nav.requirements')}</h1>
      <p class="muted">{t('req.help')}</p>
      {list.error && (
        <p class="alert alert-error" role="alert">
          {list.error}
        </p>
      )}
      <div class="table-wrap card">
        <DataTable
          load={list}
          testId="catalogs-table"
          headings={[
            t('req.catalogTitle'),
            t('req.catalogName'),
            t('req.kind'),
            t('req.scope'),
            t('req.latestVersion'),
            t('req.status'),
          ]}
          empty={t('req.noCatalogs')}
        >
          {entries.map(({ catalog, versions }) => {
            const latest = versions ? latestVersion(versions) : null;
            const current = catalog.id === selectedId;
            return (
              <tr
                key={catalog.id}
                data-testid="catalog-row"
                data-catalog-name={catalog.name}
                class={current ? 'selected' : undefined}
              >
                <td>
                  <button
                    type="button"
                    class="button-link"
                    data-testid="catalog-open"
                    aria-pressed={current}
                    onClick={() => setSelectedId(catalog.id)}
                  >
                    {catalog.title || catalog.name}
                  </button>
                </td>
                <td class="mono">{catalog.name}</td>
                <td>{catalogKindLabel(catalog.kind)}</td>
                <td>{catalogScopeLabel(catalog.scope)}</td>
                <td data-testid="catalog-latest">
                  {latest
                    ? t('req.versionLabel', { seq: latest.seq, version: latest.version })
                    : '—'}
                </td>
                <td data-testid="catalog-status">
                  {latest ? <StatusBadge status={latest.status} /> : '—'}
                </td>
              </tr>
            );
          })}
        </DataTable>
      </div>
      {selected && (
        <CatalogPanel
          key={selected.catalog.id}
          entry={selected}
          session={session}
          signingKeys={keys.data}
          onChanged={list.reload}
        />
      )}
    </section>
  );
}

function CatalogPanel({
  entry,
  session,
  signingKeys,
  onChanged,
}: {
  entry: CatalogEntry;
  session: Session;
  signingKeys: { key_id: string; public_key: string }[] | null;
  onChanged: () => void;
}) {
  const { catalog } = entry;
  const versions = entry.versions ?? [];
  // Changes whenever a version is added or published, so views of "latest" fetch again.
  const revision = versions.map((v) => `${v.seq}:${v.status}`).join(',');
  return (
    <div data-testid="catalog-panel" data-catalog-name={catalog.name}>
      <article class="card">
        <h2 data-testid="catalog-title">{catalog.title || catalog.name}</h2>
        <dl class="facts facts-inline">
          <dt>{t('req.catalogName')}</dt>
          <dd class="mono">{catalog.name}</dd>
          <dt>{t('req.kind')}</dt>
          <dd>{catalogKindLabel(catalog.kind)}</dd>
          <dt>{t('req.scope')}</dt>
          <dd>{catalogScopeLabel(catalog.scope)}</dd>
        </dl>
        <CatalogVersions
          catalog={catalog}
          versions={versions}
          session={session}
          signingKeys={signingKeys}
          onChanged={onChanged}
        />
        <CatalogCompare key={versions.length} catalog={catalog} versions={versions} />
      </article>
      <RequirementBrowser catalog={catalog} versions={versions} revision={revision} />
    </div>
  );
}
