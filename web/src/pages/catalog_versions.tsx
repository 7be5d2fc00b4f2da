// A catalog's versions: status, publication digest, signed downloads, the signing key and, for
// the regulator's admins and officers, publishing the latest draft.
import { useState } from 'preact/hooks';
import { api, signedPublicationUrl } from '../api';
import { errorText } from '../errors';
import { t } from '../i18n';
import { displayValue, formatDateTime } from '../format';
import { canPublishRequirements } from '../nav';
import { latestVersion } from '../oscal';
import type { Catalog, CatalogVersion, PublishedVersion, Session, SigningKey } from '../types';
import { StatusBadge } from '../components/applicability';
import { DataTable } from '../components/data_table';

interface Props {
  catalog: Catalog;
  versions: CatalogVersion[];
  session: Session;
  signingKeys: Pick<SigningKey, 'key_id' | 'public_key'>[] | null;
  onChanged: () => void;
}

export function CatalogVersions({ catalog, versions, session, signingKeys, onChanged }: Props) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [published, setPublished] = useState<PublishedVersion | null>(null);
  const latest = latestVersion(versions);
  const mayPublish =
    canPublishRequirements(session.org.kind, session.user.role) && latest?.status === 'draft';
  const sorted = [...versions].sort((a, b) => b.seq - a.seq);

  const publish = async () => {
    if (!latest) return;
    if (!window.confirm(t('req.publishConfirm', { seq: latest.seq, title: catalog.title }))) return;
    setBusy(true);
    setError(null);
    setPublished(null);
    try {
      setPublished(await api.publishCatalog(catalog.id));
      onChanged();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="subsection" aria-labelledby="versions-title">
      <h3 id="versions-title">{t('req.versions')}</h3>
      {signingKeys && signingKeys.length > 0 && (
        <p class="muted" data-testid="signing-key">
          {t('req.signingKey')}{' '}
          {signingKeys.map((k) => (
            <code key={k.key_id} class="mono" data-testid="signing-key-id" title={k.public_key}>
              {k.key_id}
            </code>
          ))}
        </p>
      )}
      <div class="table-wrap">
        <DataTable
          testId="versions-table"
          headings={[
            t('req.seq'),
            t('req.version'),
            t('req.status'),
            t('common.createdAt'),
            t('req.publishedAt'),
            t('req.digest'),
            { label: t('common.actions'), hidden: true },
          ]}
          empty={t('req.noVersions')}
        >
          {sorted.map((v) => (
            <tr key={v.seq} data-testid="version-row" data-seq={v.seq} data-status={v.status}>
              <td class="num">{v.seq}</td>
              <td>{v.version || '—'}</td>
              <td>
                <StatusBadge status={v.status} />
              </td>
              <td class="nowrap" title={displayValue(v.created_by)}>
                {formatDateTime(v.created_at)}
              </td>
              <td class="nowrap" title={v.published_by ? displayValue(v.published_by) : undefined}>
                {formatDateTime(v.published_at)}
              </td>
              <td
                class="mono hash"
                title={v.signature ? `${v.digest ?? ''} · ${v.signature.key_id}` : v.digest}
              >
                {v.digest ? shortDigest(v.digest) : '—'}
              </td>
              <td class="actions">
                {v.status !== 'draft' && (
                  <a
                    href={signedPublicationUrl(catalog.id, v.seq)}
                    download={`${catalog.name}-v${v.seq}.signed.json`}
                    data-testid="signed-link"
                  >
                    {t('req.downloadSigned')}
                  </a>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      </div>
      {mayPublish && latest && (
        <div class="form-actions publish">
          <button
            type="button"
            class="button-primary"
            data-testid="publish-draft"
            disabled={busy}
            onClick={publish}
          >
            {t('req.publishDraft', { seq: latest.seq })}
          </button>
          <span class="muted">{t('req.publishHelp')}</span>
        </div>
      )}
      {error && (
        <p class="alert alert-error" role="alert" data-testid="publish-error">
          {error}
        </p>
      )}
      {published && (
        <div class="alert alert-success" role="status" data-testid="publish-done">
          <p>{t('req.published', { seq: published.seq })}</p>
          <p>
            {t('req.digest')}:{' '}
            <code class="mono digest" data-testid="publish-digest">
              {published.digest}
            </code>
          </p>
          {published.warnings && published.warnings.length > 0 && (
            <>
              <p>{t('req.publishWarnings')}</p>
              <ul data-testid="publish-warnings">
                {published.warnings.map((w) => (
                  <li key={w} class="mono" data-testid="publish-warning">
                    {w}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </section>
  );
}

/** "sha256:0123…" → "sha256:012345678901…". */
function shortDigest(digest: string): string {
  const colon = digest.indexOf(':');
  const head = colon >= 0 ? digest.slice(0, colon + 1) : '';
  const hex = colon >= 0 ? digest.slice(colon + 1) : digest;
  return hex.length > 12 ? `${head}${hex.slice(0, 12)}…` : digest;
}
