// One TAXII collection: the form to share an indicator (admins, officers and analysts, where the
// collection can be written) and, where it can be read, its contents: the latest readable
// version of each object, searched by value or name and by type on the server, newest first,
// paged with "Load more".
import { useState } from 'preact/hooks';
import { api } from '../api';
import { t, tDynamic } from '../i18n';
import { formatDateTime } from '../format';
import { usePagedList } from '../hooks';
import { STIX_TYPES, intelHref, normalizeTlp, objectLabel, tlpOfObject } from '../intel';
import { canShareIntel } from '../nav';
import type { IntelSearchItem, StixObject, TaxiiCollection } from '../types';
import { LoadMore } from '../components/load_more';
import { TlpBadge } from '../components/tlp_badge';
import { DataTable } from '../components/data_table';
import type { IntelContext } from './intel';
import { ShareIndicatorForm } from './intel_share';

const PAGE_SIZE = 50;

interface Filters {
  q: string;
  type: string;
}

const EMPTY: Filters = { q: '', type: '' };

export const stixTypeLabel = (type: string) => tDynamic(`stixType.${type}`, type);

export function CollectionPanel({
  ctx,
  collection,
}: {
  ctx: IntelContext;
  collection: TaxiiCollection;
}) {
  const share = canShareIntel(ctx.session.user.role, collection.can_write);
  // Bumped after a successful share, so the contents start again from the newest.
  const [revision, setRevision] = useState(0);
  return (
    <div data-testid="collection-panel" data-collection-title={collection.title}>
      <article class="card">
        <h2 data-testid="collection-title">{collection.title}</h2>
        {collection.description && <p class="muted">{collection.description}</p>}
        {!collection.can_read && (
          <p class="alert alert-info" data-testid="collection-write-only">
            {t('intel.writeOnly')}
          </p>
        )}
        {share && (
          <ShareIndicatorForm
            ctx={ctx}
            collection={collection}
            onShared={() => setRevision((r) => r + 1)}
          />
        )}
      </article>
      {collection.can_read && (
        <CollectionContents ctx={ctx} collection={collection} revision={revision} />
      )}
    </div>
  );
}

function CollectionContents({
  ctx,
  collection,
  revision,
}: {
  ctx: IntelContext;
  collection: TaxiiCollection;
  revision: number;
}) {
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [applied, setApplied] = useState<Filters>(EMPTY);
  const list = usePagedList(
    (cursor) =>
      api.intelSearch({
        collection: collection.id,
        q: applied.q.trim(),
        type: applied.type,
        limit: PAGE_SIZE,
        cursor,
      }),
    [collection.id, applied, revision],
  );

  return (
    <article class="card" aria-labelledby="intel-contents-title">
      <h2 id="intel-contents-title">{t('intel.contents')}</h2>
      <form
        class="filters"
        data-testid="intel-filters"
        onSubmit={(e) => {
          e.preventDefault();
          setApplied({ ...draft });
        }}
      >
        <label class="field">
          <span>{t('intel.search')}</span>
          <input
            type="search"
            data-testid="intel-search"
            value={draft.q}
            placeholder={t('intel.searchPlaceholder')}
            onInput={(e) => setDraft({ ...draft, q: (e.currentTarget as HTMLInputElement).value })}
          />
        </label>
        <label class="field">
          <span>{t('intel.type')}</span>
          <select
            data-testid="intel-type"
            value={draft.type}
            onChange={(e) => {
              const next = { ...draft, type: (e.currentTarget as HTMLSelectElement).value };
              setDraft(next);
              setApplied(next);
            }}
          >
            <option value="">{t('intel.allTypes')}</option>
            {STIX_TYPES.map((type) => (
              <option key={type} value={type}>
                {stixTypeLabel(type)}
              </option>
            ))}
          </select>
        </label>
        <div class="form-actions">
          <button type="submit" class="button-primary" data-testid="intel-apply">
            {t('intel.searchSubmit')}
          </button>
          <button
            type="button"
            class="button-link"
            data-testid="intel-reset"
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
          testId="intel-table"
          headings={[t('intel.type'), t('intel.nameOrPattern'), t('intel.tlp'), t('intel.producer'), t('intel.dateAdded')]}
          empty={t('intel.noObjects')}
          emptyTestId="intel-empty"
        >
          {list.items.map((item) => (
            <ObjectRow key={item.object.id} item={item} ctx={ctx} collectionId={collection.id} />
          ))}
        </DataTable>
      </div>
      <LoadMore next={list.next} busy={list.loading} onClick={list.more} testId="intel-more" />
    </article>
  );
}

function ObjectRow({
  item,
  ctx,
  collectionId,
}: {
  item: IntelSearchItem;
  ctx: IntelContext;
  collectionId: string;
}) {
  const { object } = item;
  const tlp = normalizeTlp(item.tlp) ?? tlpOfObject(object);
  const label = objectLabel(object);
  const named = typeof object.name === 'string' && object.name.trim() !== '';
  const pattern = named && typeof object.pattern === 'string' ? object.pattern : null;
  const sightingOf = typeof object.sighting_of_ref === 'string' ? object.sighting_of_ref : null;
  return (
    <tr data-testid="intel-row" data-object-id={object.id} data-type={object.type} data-tlp={tlp}>
      <td class="nowrap">{stixTypeLabel(object.type)}</td>
      <td class="intel-label">
        {object.type === 'sighting' && sightingOf && !named ? (
          <SightingLabel object={object} indicatorId={sightingOf} />
        ) : object.type === 'indicator' ? (
          <a href={intelHref.indicator(object.id, collectionId)} data-testid="intel-open">
            {named ? label : <code class="mono">{label}</code>}
          </a>
        ) : named ? (
          label
        ) : (
          <code class="mono">{label}</code>
        )}
        {pattern && (
          <div>
            <code class="mono muted" data-testid="intel-pattern">
              {pattern}
            </code>
          </div>
        )}
        {object.revoked === true && (
          <span class="badge badge-revoked" data-testid="badge-revoked">
            {t('intel.revoked')}
          </span>
        )}
      </td>
      <td>
        <TlpBadge tlp={tlp} />
      </td>
      <td class="org">{ctx.orgName(item.producer_org)}</td>
      <td class="nowrap">{formatDateTime(item.date_added)}</td>
    </tr>
  );
}

/** A sighting as "Sighting of <indicator> · count: N", the indicator linked. */
function SightingLabel({ object, indicatorId }: { object: StixObject; indicatorId: string }) {
  const count = typeof object.count === 'number' ? object.count : null;
  return (
    <>
      {t('intel.sightingOf')}{' '}
      <a href={intelHref.indicator(indicatorId)} data-testid="intel-sighting-of">
        <code class="mono">{indicatorId}</code>
      </a>
      {count !== null && <span class="muted"> · {t('intel.countOf', { count })}</span>}
    </>
  );
}
