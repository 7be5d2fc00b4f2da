// Locale-aware display of API values.
import { getLocale, tDynamic } from './i18n';

/** An RFC 3339 timestamp as local date and time in the active language; "—" when absent. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '—';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  try {
    // Numeric dates: browsers' ICU data lacks month names for some locales (az among them).
    return new Intl.DateTimeFormat(getLocale(), {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(date);
  } catch {
    return date.toISOString();
  }
}

export const kindLabel = (kind: string) => tDynamic(`kind.${kind}`, kind);
export const roleLabel = (role: string) => tDynamic(`role.${role}`, role);
export const sectorLabel = (sector: string | null | undefined) =>
  sector ? tDynamic(`sector.${sector}`, sector) : '—';

/** Any JSON value as short display text. */
export function displayValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0) {
    return '—';
  }
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

/** An audit record's detail object as "key: value · key: value"; other values as displayValue. */
export function formatDetail(detail: unknown): string {
  if (detail === null || typeof detail !== 'object' || Array.isArray(detail)) {
    return displayValue(detail);
  }
  const entries = Object.entries(detail as Record<string, unknown>);
  if (entries.length === 0) return '—';
  return entries.map(([key, value]) => `${key}: ${displayValue(value)}`).join(' · ');
}
export const catalogKindLabel = (kind: string) => tDynamic(`catalogKind.${kind}`, kind);
export const catalogScopeLabel = (scope: string) => tDynamic(`catalogScope.${scope}`, scope);
export const versionStatusLabel = (status: string) => tDynamic(`versionStatus.${status}`, status);
/** A field name of GET /catalogs/{id}/diff ("title", "parts", ...) for people. */
export const diffFieldLabel = (field: string) => tDynamic(`diffField.${field}`, field);

/** A score (0-1) as a whole percentage in the active language ("75 %"); "—" when absent. */
export function formatScore(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  try {
    return new Intl.NumberFormat(getLocale(), { style: 'percent', maximumFractionDigits: 0 }).format(value);
  } catch {
    return `${Math.round(value * 100)}%`;
  }
}

/** An RFC 3339 timestamp as a local date only; "—" when absent. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  try {
    return new Intl.DateTimeFormat(getLocale(), { year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
  } catch {
    return date.toISOString().slice(0, 10);
  }
}

/** A category (1-3) as "Category 1"; "Not categorised" for null. */
export const categoryLabel = (category: number | null | undefined) =>
  category ? tDynamic(`category.${category}`, String(category)) : tDynamic('category.none', '—');
export const categoryStatusLabel = (status: string | null | undefined) =>
  status ? tDynamic(`categoryStatus.${status}`, status) : '—';
export const criterionLabel = (criterion: string) => tDynamic(`criterion.${criterion}`, criterion);
export const criterionUnit = (criterion: string) => tDynamic(`criterionUnit.${criterion}`, '');
export const objectKindLabel = (kind: string) => tDynamic(`objectKind.${kind}`, kind);
export const resultLabel = (result: string) => tDynamic(`result.${result}`, result);
export const assessmentStatusLabel = (status: string) => tDynamic(`assessmentStatus.${status}`, status);
export const conformityLabel = (conformity: string) => tDynamic(`conformity.${conformity}`, conformity);
export const remediationStatusLabel = (status: string) => tDynamic(`remediationStatus.${status}`, status);
