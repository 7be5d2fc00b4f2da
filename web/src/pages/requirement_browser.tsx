// The requirements of one catalog version as a tree (groups, requirements, enhancements under
// their parent), filtered on the server (q, sector, category) and paged with "Load more"; the
// chosen requirement is shown next to the tree.
import { useState } from 'preact/hooks';
import { api, type SeqRef } from '../api';
import { getLang, t } from '../i18n';
import { sectorLabel, versionStatusLabel } from '../format';
import { useLoad, usePagedList } from '../hooks';
import { buildTree, catalogTitles, type GroupNode, type RequirementNode, type Titles } from '../oscal';
import { SECTORS, type Catalog, type CatalogVersion } from '../types';
import { ApplicabilityBadges } from '../components/applicability';
import { LoadMore } from '../components/load_more';
import { RequirementView } from './requirement_view';

const PAGE_SIZE = 100;
const CATEGORIES = [1, 2, 3] as const;

interface Filters {
  q: string;
  sector: string;
  category: string;
}

const EMPTY: Filters = { q: '', sector: '', category: '' };

/** The version "latest" stands for: the latest published one, else the latest draft. */
function latestSeq(versions: CatalogVersion[]): number | null {
  const published = versions.filter((v) => v.status === 'published').map((v) => v.seq);
  const pool = published.length ? published : versions.map((v) => v.seq);
  return pool.length ? Math.max(...pool) : null;
}

interface Props {
  catalog: Catalog;
  versions: CatalogVersion[];
  /** Changes when versions are added or published. */
  revision: string;
}

export function RequirementBrowser({ catalog, versions, revision }: Props) {
  const lang = getLang();
  const [seq, setSeq] = useState<SeqRef>('latest');
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [applied, setApplied] = useState<Filters>(EMPTY);
  const [selected, setSelected] = useState<string | null>(null);
  const list = usePagedList(
    (cursor) =>
      api.listRequirements(catalog.id, seq, {
        q: applied.q.trim(),
        sector: applied.sector,
        category: applied.category ? Number(applied.category) : null,
        limit: PAGE_SIZE,
        cursor,
      }),
    [catalog.id, seq, applied, revision],
  );
  // Group titles and translated requirement titles: the index rows carry neither.
  const titles = useLoad(
    () => api.getOscal(catalog.id, seq, lang).then(catalogTitles),
    [catalog.id, seq, lang, revision],
  );
  const tree = buildTree(list.items);
  const selectedRow = list.items.find((r) => r.id === selected);
  const latest = latestSeq(versions);

  const chooseSelect = (key: 'sector' | 'category') => (e: Event) => {
    const next = { ...draft, [key]: (e.currentTarget as HTMLSelectElement).value };
    setDraft(next);
    setApplied(next);
  };

  return (
    <article class="card" aria-labelledby="req-browser-title">
      <h2 id="req-browser-title">{t('req.requirements')}</h2>
      <form
        class="filters"
        data-testid="req-filters"
        onSubmit={(e) => {
          e.preventDefault();
          setApplied({ ...draft });
        }}
      >
        <label class="field">
          <span>{t('req.version')}</span>
          <select
            data-testid="req-version"
            value={String(seq)}
            onChange={(e) => {
              const value = (e.currentTarget as HTMLSelectElement).value;
              setSeq(value === 'latest' ? 'latest' : Number(value));
              setSelected(null);
            }}
          >
            <option value="latest">
              {latest === null ? t('req.latest') : t('req.latestOption', { seq: latest })}
            </option>
            {[...versions]
              .sort((a, b) => b.seq - a.seq)
              .map((v) => (
                <option key={v.seq} value={String(v.seq)}>
                  {t('req.versionLabel', { seq: v.seq, version: v.version })} ·{' '}
                  {versionStatusLabel(v.status)}
                </option>
              ))}
          </select>
        </label>
        <label class="field">
          <span>{t('req.search')}</span>
          <input
            type="search"
            data-testid="req-search"
            value={draft.q}
            placeholder={t('req.searchPlaceholder')}
            onInput={(e) => setDraft({ ...draft, q: (e.currentTarget as HTMLInputElement).value })}
          />
        </label>
        <label class="field">
          <span>{t('org.sector')}</span>
          <select data-testid="req-sector" value={draft.sector} onChange={chooseSelect('sector')}>
            <option value="">{t('req.allSectors')}</option>
            {SECTORS.map((s) => (
              <option key={s} value={s}>
                {sectorLabel(s)}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span>{t('req.category')}</span>
          <select data-testid="req-category" value={draft.category} onChange={chooseSelect('category')}>
            <option value="">{t('req.allCategories')}</option>
            {CATEGORIES.map((c) => (
              <option key={c} value={String(c)}>
                {t('req.badgeCategory', { list: c })}
              </option>
            ))}
          </select>
        </label>
        <div class="form-actions">
          <button type="submit" class="button-primary" data-testid="req-apply">
            {t('req.searchSubmit')}
          </button>
          <button
            type="button"
            class="button-link"
            data-testid="req-reset"
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
      <div class="req-layout">
        <div class="req-tree-pane">
          <p class="muted" data-testid="req-count">
            {t('req.shown', { count: list.items.length })} · {t('req.allApplyHint')}
          </p>
          <div data-testid="req-tree" aria-busy={list.loading}>
            <GroupView group={tree} titles={titles.data} selected={selected} onOpen={setSelected} />
          </div>
          {!list.loading && !list.error && list.items.length === 0 && (
            <p class="empty" data-testid="req-empty">
              {t('req.noRequirements')}
            </p>
          )}
          <LoadMore next={list.next} busy={list.loading} onClick={list.more} testId="req-more" />
        </div>
        <div class="req-view-pane">
          {selected ? (
            <RequirementView
              catalogId={catalog.id}
              seq={seq}
              controlId={selected}
              row={selectedRow}
              titles={titles.data}
              onOpen={setSelected}
            />
          ) : (
            <p class="muted req-placeholder" data-testid="requirement-placeholder">
              {t('req.choose')}
            </p>
          )}
        </div>
      </div>
    </article>
  );
}

interface TreeProps {
  titles: Titles | null;
  selected: string | null;
  onOpen: (id: string) => void;
}

function GroupView({ group, ...rest }: TreeProps & { group: GroupNode }) {
  const requirements = (
    <ul class="req-list">
      {group.requirements.map((node) => (
        <RequirementItem key={node.row.id} node={node} {...rest} />
      ))}
    </ul>
  );
  const subgroups = group.groups.map((g) => <GroupView key={g.path} group={g} {...rest} />);
  if (!group.path) {
    return (
      <div class="req-tree">
        {group.requirements.length > 0 && requirements}
        {subgroups}
      </div>
    );
  }
  return (
    <section class="req-group" data-testid="req-group" data-group={group.path}>
      <h3>
        {rest.titles?.groups[group.id] ?? group.id}
        <span class="mono muted req-group-id"> {group.id}</span>
      </h3>
      {group.requirements.length > 0 && requirements}
      {subgroups}
    </section>
  );
}

function RequirementItem({ node, ...rest }: TreeProps & { node: RequirementNode }) {
  const { row } = node;
  const current = rest.selected === row.id;
  return (
    <li data-testid="req-item" data-req-id={row.id}>
      <div class={`req-entry${current ? ' current' : ''}`}>
        <button
          type="button"
          class="req-open"
          data-testid="req-open"
          aria-pressed={current}
          onClick={() => rest.onOpen(row.id)}
        >
          <span class="mono req-id">{row.id}</span>{' '}
          <span class="req-title">{rest.titles?.controls[row.id] ?? row.title}</span>
        </button>
        {node.orphan && (
          <span class="muted req-parent-hint">{t('req.enhancementOf', { parent: row.parent })}</span>
        )}
        <ApplicabilityBadges row={row} />
      </div>
      {node.children.length > 0 && (
        <ul class="req-list req-children">
          {node.children.map((child) => (
            <RequirementItem key={child.row.id} node={child} {...rest} />
          ))}
        </ul>
      )}
    </li>
  );
}
