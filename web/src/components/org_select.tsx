// A labelled choice of organisation: the filters ("all" first) and the forms that name an owner
// ("choose one" first, required) of the registry, assessments, import and audit pages.
import type { Org } from '../types';

interface Props {
  label: string;
  orgs: Org[];
  value: string;
  onChange: (value: string) => void;
  testId: string;
  /** The first option: "all …" for a filter (selectable), "choose …" for a required field. */
  emptyLabel: string;
  required?: boolean;
}

export function OrgSelect({ label, orgs, value, onChange, testId, emptyLabel, required = false }: Props) {
  return (
    <label class="field">
      <span>{label}</span>
      <select
        data-testid={testId}
        required={required}
        value={value}
        onChange={(e) => onChange((e.currentTarget as HTMLSelectElement).value)}
      >
        <option value="" disabled={required}>
          {emptyLabel}
        </option>
        {orgs.map((o) => (
          <option key={o.id} value={String(o.id)}>
            {o.name}
          </option>
        ))}
      </select>
    </label>
  );
}
