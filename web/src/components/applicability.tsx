// Badges of the requirement pages: a version's status and where a requirement applies.
import { t } from '../i18n';
import { sectorLabel, versionStatusLabel } from '../format';
import type { RequirementRow } from '../types';

export function StatusBadge({ status }: { status: string }) {
  return (
    <span class={`badge badge-status-${status}`} data-testid="status-badge" data-status={status}>
      {versionStatusLabel(status)}
    </span>
  );
}

/**
 * CII categories, sectors, the IEC 62443 security level and "machine-checkable". Empty categories
 * or sectors mean "all" and get no badge.
 */
export function ApplicabilityBadges({ row }: { row: RequirementRow }) {
  const categories = [...(row.categories ?? [])].sort((a, b) => a - b);
  const checks = row.machine_checks ?? [];
  return (
    <span class="badges" data-testid="req-badges">
      {categories.length > 0 && (
        <span class="badge badge-category" data-testid="badge-category" title={t('req.categoryHelp')}>
          {t('req.badgeCategory', { list: categories.join(', ') })}
        </span>
      )}
      {(row.sectors ?? []).map((sector) => (
        <span key={sector} class="badge badge-sector" data-testid="badge-sector" data-sector={sector}>
          {sectorLabel(sector)}
        </span>
      ))}
      {row.min_security_level !== null && row.min_security_level !== undefined && (
        <span class="badge badge-sl" data-testid="badge-sl" title={t('req.slHelp')}>
          {t('req.badgeSl', { level: row.min_security_level })}
        </span>
      )}
      {checks.length > 0 && (
        <span class="badge badge-check" data-testid="badge-check" title={checks.join(', ')}>
          {t('req.badgeCheck')}
        </span>
      )}
    </span>
  );
}
