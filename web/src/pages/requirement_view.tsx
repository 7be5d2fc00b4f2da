// One requirement (an OSCAL control) in the active language: statement, guidance, assessment
// objective, other parts, parameters and enhancements. Prose is rendered as text, never as HTML;
// parameter inserts show the parameter's value, else "[label]", else its choices.
import { api, type SeqRef } from '../api';
import { getLang, t } from '../i18n';
import { useLoad } from '../hooks';
import { proseSegments, type Titles } from '../oscal';
import type { OscalControl, OscalParam, OscalPart, RequirementRow } from '../types';
import { ApplicabilityBadges } from '../components/applicability';
import { DataTable } from '../components/data_table';

/** The parts shown first, in this order, each under its own heading. */
const KNOWN_PARTS = [
  { name: 'statement', labelKey: 'req.partStatement', testId: 'requirement-statement' },
  { name: 'guidance', labelKey: 'req.partGuidance', testId: 'requirement-guidance' },
  { name: 'assessment-objective', labelKey: 'req.partObjective', testId: 'requirement-objective' },
] as const;
const MAX_PART_DEPTH = 32;

interface Props {
  catalogId: number;
  seq: SeqRef;
  controlId: string;
  /** The requirement's index row (for the applicability badges), when loaded. */
  row: RequirementRow | undefined;
  /** Group titles in the active language (ids are shown without them). */
  titles: Titles | null;
  onOpen: (id: string) => void;
}

export function RequirementView({ catalogId, seq, controlId, row, titles, onOpen }: Props) {
  const lang = getLang();
  // The language is a dependency: switching it fetches the translated requirement.
  const loaded = useLoad(
    () => api.getRequirement(catalogId, seq, controlId, lang),
    [catalogId, seq, controlId, lang],
  );
  const detail = loaded.data;
  const control = detail?.control;
  return (
    <article
      class="req-view"
      data-testid="requirement-view"
      data-req-id={control?.id ?? ''}
      data-lang={lang}
      aria-busy={loaded.loading}
    >
      {loaded.error && (
        <p class="alert alert-error" role="alert" data-testid="requirement-error">
          {loaded.error}
        </p>
      )}
      {!control && loaded.loading && <p class="muted">{t('common.loading')}</p>}
      {control && detail && (
        <ControlBody
          control={control}
          groupPath={(detail.group_path ?? []).map((g) => titles?.groups[g] ?? g)}
          parent={detail.parent_control}
          row={row?.id === control.id ? row : undefined}
          onOpen={onOpen}
        />
      )}
    </article>
  );
}

function ControlBody({
  control,
  groupPath,
  parent,
  row,
  onOpen,
}: {
  control: OscalControl;
  groupPath: string[];
  parent: string;
  row: RequirementRow | undefined;
  onOpen: (id: string) => void;
}) {
  const params = control.params ?? [];
  const parts = control.parts ?? [];
  const otherParts = parts.filter((p) => !KNOWN_PARTS.some((k) => k.name === p.name));
  const enhancements = control.controls ?? [];
  const label = control.props?.find((p) => p.name === 'label' && !p.ns)?.value;
  const references = (control.links ?? []).filter((l) => l.rel === 'reference' && (l.text || l.href));
  return (
    <>
      <p class="req-view-path muted">
        <span class="mono" data-testid="requirement-id">
          {control.id}
        </span>
        {label && <span data-testid="requirement-label"> · {label}</span>}
        {groupPath.length > 0 && <span> · {groupPath.join(' / ')}</span>}
      </p>
      <h2 data-testid="requirement-title">{control.title}</h2>
      {parent && <ParentLine parent={parent} onOpen={onOpen} />}
      {row && <ApplicabilityBadges row={row} />}
      {KNOWN_PARTS.map(({ name, labelKey, testId }) => {
        const matching = parts.filter((p) => p.name === name);
        if (matching.length === 0) return null;
        return (
          <section key={name} class="req-part" data-testid={testId}>
            <h3>{t(labelKey)}</h3>
            {matching.map((part, i) => (
              <PartBody key={part.id ?? i} part={part} params={params} depth={0} />
            ))}
          </section>
        );
      })}
      {otherParts.map((part, i) => (
        <section
          key={part.id ?? `${part.name}-${i}`}
          class="req-part"
          data-testid="requirement-part"
          data-part={part.name}
        >
          <h3>{part.title || part.name}</h3>
          <PartBody part={part} params={params} depth={0} />
        </section>
      ))}
      {params.length > 0 && <ParamsTable params={params} />}
      {row && row.machine_checks.length > 0 && (
        <section class="req-part" data-testid="requirement-checks">
          <h3>{t('req.machineChecks')}</h3>
          <ul class="plain-list">
            {row.machine_checks.map((c) => (
              <li key={c} class="mono">
                {c}
              </li>
            ))}
          </ul>
        </section>
      )}
      {references.length > 0 && (
        <section class="req-part" data-testid="requirement-references">
          <h3>{t('req.references')}</h3>
          <ul class="plain-list">
            {references.map((l, i) => (
              <li key={i}>{l.text || l.href}</li>
            ))}
          </ul>
        </section>
      )}
      {enhancements.length > 0 && (
        <section class="req-part" data-testid="requirement-enhancements">
          <h3>{t('req.enhancements')}</h3>
          <ul class="plain-list">
            {enhancements.map((c) => (
              <li key={c.id}>
                <button type="button" class="button-link" onClick={() => onOpen(c.id)}>
                  <span class="mono">{c.id}</span> {c.title}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

/** "Enhancement of pol-1", where the parent's id opens the parent. */
function ParentLine({ parent, onOpen }: { parent: string; onOpen: (id: string) => void }) {
  const MARK = '\u0000';
  const [before, after = ''] = t('req.enhancementOf', { parent: MARK }).split(MARK);
  return (
    <p class="muted" data-testid="requirement-parent-line">
      {before}
      <button
        type="button"
        class="button-link inline"
        data-testid="requirement-parent"
        onClick={() => onOpen(parent)}
      >
        {parent}
      </button>
      {after}
    </p>
  );
}

/** A part's prose and, indented below it, its nested parts (items, sub-objectives). */
function PartBody({ part, params, depth }: { part: OscalPart; params: OscalParam[]; depth: number }) {
  return (
    <>
      {typeof part.prose === 'string' && part.prose !== '' && (
        <Prose text={part.prose} params={params} />
      )}
      {depth < MAX_PART_DEPTH &&
        (part.parts ?? []).map((child, i) => {
          const childLabel = child.props?.find((p) => p.name === 'label')?.value;
          return (
            <div
              key={child.id ?? i}
              class="req-subpart"
              data-testid="requirement-subpart"
              data-part={child.name}
            >
              {(childLabel || child.title) && (
                <p class="req-subpart-head">
                  {childLabel && <span class="req-part-label">{childLabel}</span>} {child.title ?? ''}
                </p>
              )}
              <PartBody part={child} params={params} depth={depth + 1} />
            </div>
          );
        })}
    </>
  );
}

function Prose({ text, params }: { text: string; params: OscalParam[] }) {
  return (
    <p class="prose">
      {proseSegments(text, params).map((s, i) =>
        s.param ? (
          <span
            key={i}
            class="param-value"
            data-testid="param-insert"
            data-param={s.param}
            title={s.param}
          >
            {s.text}
          </span>
        ) : (
          s.text
        ),
      )}
    </p>
  );
}

function ParamsTable({ params }: { params: OscalParam[] }) {
  return (
    <section class="req-part" data-testid="requirement-params">
      <h3>{t('req.params')}</h3>
      <div class="table-wrap">
        <DataTable headings={[t('req.paramId'), t('req.paramLabel'), t('req.paramValues'), t('req.paramChoices')]}>
          {params.map((p) => {
            const choices = p.select?.choice ?? [];
            const many = p.select?.['how-many'] === 'one-or-more';
            return (
              <tr key={p.id} data-testid="param-row" data-param={p.id}>
                <td class="mono nowrap">{p.id}</td>
                <td>{p.label || '—'}</td>
                <td data-testid="param-values">{p.values?.length ? p.values.join(', ') : '—'}</td>
                <td data-testid="param-choices">
                  {choices.length ? (
                    <>
                      {choices.join(' | ')}
                      <span class="muted"> ({many ? t('req.chooseMany') : t('req.chooseOne')})</span>
                    </>
                  ) : (
                    '—'
                  )}
                </td>
              </tr>
            );
          })}
        </DataTable>
      </div>
    </section>
  );
}
