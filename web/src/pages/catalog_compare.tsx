// Compares two versions of a catalog (GET /catalogs/{id}/diff): requirements added, removed and
// changed, with the changed fields. Titles come from the two versions' effective catalogs.
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { api } from '../api';
import { errorText } from '../errors';
import { getLang, t } from '../i18n';
import { diffFieldLabel } from '../format';
import { catalogTitles, type Titles } from '../oscal';
import type { Catalog, CatalogDiff, CatalogVersion } from '../types';

interface Result {
  from: number;
  to: number;
  diff: CatalogDiff;
  fromTitles: Titles | null;
  toTitles: Titles | null;
}

async function titlesOf(catalogId: number, seq: number): Promise<Titles | null> {
  try {
    return catalogTitles(await api.getOscal(catalogId, seq, getLang()));
  } catch {
    return null; // ids alone still say what changed
  }
}

interface Props {
  catalog: Catalog;
  versions: CatalogVersion[];
}

export function CatalogCompare({ catalog, versions }: Props) {
  const seqs = versions.map((v) => v.seq).sort((a, b) => a - b);
  const newest = seqs[seqs.length - 1] ?? 0;
  const [from, setFrom] = useState<string>(String(seqs[seqs.length - 2] ?? newest));
  const [to, setTo] = useState<string>(String(newest));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<Result | null>(null);

  if (seqs.length < 2) {
    return (
      <section class="subsection">
        <h3>{t('req.compare')}</h3>
        <p class="muted" data-testid="compare-single">
          {t('req.compareSingle')}
        </p>
      </section>
    );
  }

  const compare = async (e: Event) => {
    e.preventDefault();
    const a = Number(from);
    const b = Number(to);
    setBusy(true);
    setError(null);
    try {
      const diff = await api.diffCatalog(catalog.id, a, b);
      const [fromTitles, toTitles] = await Promise.all([
        titlesOf(catalog.id, a),
        titlesOf(catalog.id, b),
      ]);
      setResult({ from: a, to: b, diff, fromTitles, toTitles });
    } catch (err) {
      setResult(null);
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const versionSelect = (value: string, set: (v: string) => void, testId: string) => (
    <select
      data-testid={testId}
      value={value}
      onChange={(e) => set((e.currentTarget as HTMLSelectElement).value)}
    >
      {seqs.map((seq) => (
        <option key={seq} value={String(seq)}>
          {t('req.versionLabel', { seq, version: versions.find((v) => v.seq === seq)?.version ?? '' })}
        </option>
      ))}
    </select>
  );

  return (
    <section class="subsection" aria-labelledby="compare-title">
      <h3 id="compare-title">{t('req.compare')}</h3>
      <form class="filters" onSubmit={compare} data-testid="compare-form">
        <label class="field">
          <span>{t('req.compareFrom')}</span>
          {versionSelect(from, setFrom, 'compare-from')}
        </label>
        <label class="field">
          <span>{t('req.compareTo')}</span>
          {versionSelect(to, setTo, 'compare-to')}
        </label>
        <div class="form-actions">
          <button type="submit" class="button-primary" disabled={busy} data-testid="compare-submit">
            {t('req.compareSubmit')}
          </button>
        </div>
      </form>
      {error && (
        <p class="alert alert-error" role="alert" data-testid="compare-error">
          {error}
        </p>
      )}
      {result && <DiffView result={result} />}
    </section>
  );
}

function DiffView({ result }: { result: Result }) {
  const { diff, fromTitles, toTitles } = result;
  const added = diff.added ?? [];
  const removed = diff.removed ?? [];
  const changed = diff.changed ?? [];
  const title = (titles: Titles | null, id: string) => titles?.controls[id] ?? '';
  const empty = added.length + removed.length + changed.length === 0;
  return (
    <div class="diff" data-testid="diff" data-from={result.from} data-to={result.to}>
      <p class="muted">{t('req.diffSummary', { from: result.from, to: result.to })}</p>
      {empty && <p data-testid="diff-none">{t('req.diffNone')}</p>}
      {!empty && (
        <div class="diff-columns">
          <DiffList kind="added" label={t('req.diffAdded', { count: added.length })}>
            {added.map((id) => (
              <li key={id} data-testid="diff-item" data-id={id}>
                <span class="mono">{id}</span> {title(toTitles, id)}
              </li>
            ))}
          </DiffList>
          <DiffList kind="removed" label={t('req.diffRemoved', { count: removed.length })}>
            {removed.map((id) => (
              <li key={id} data-testid="diff-item" data-id={id}>
                <span class="mono">{id}</span> {title(fromTitles, id)}
              </li>
            ))}
          </DiffList>
          <DiffList kind="changed" label={t('req.diffChanged', { count: changed.length })}>
            {changed.map((c) => (
              <li
                key={c.id}
                data-testid="diff-item"
                data-id={c.id}
                data-fields={(c.fields ?? []).join(',')}
              >
                <span class="mono">{c.id}</span> {title(toTitles, c.id)}
                <span class="badges">
                  {(c.fields ?? []).map((f) => (
                    <span key={f} class="badge badge-field" data-testid="diff-field" data-field={f}>
                      {diffFieldLabel(f)}
                    </span>
                  ))}
                </span>
              </li>
            ))}
          </DiffList>
        </div>
      )}
    </div>
  );
}

function DiffList({
  kind,
  label,
  children,
}: {
  kind: string;
  label: string;
  children: ComponentChildren;
}) {
  return (
    <section class={`diff-list diff-${kind}`} data-testid={`diff-${kind}`}>
      <h4>{label}</h4>
      <ul>{children}</ul>
    </section>
  );
}
