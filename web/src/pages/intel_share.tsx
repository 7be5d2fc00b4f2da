// Sharing one indicator: a value of a simple type (checked here), a name, a TLP 2.0 level and,
// for AMBER and RED, the organisations it names. The browser builds the STIX 2.1 indicator
// (buildIndicator in src/intel.ts) and POSTs it to the collection as a TAXII envelope; the
// server validates it again and answers a status, shown as success or the failure's message.
import { useState } from 'preact/hooks';
import { api } from '../api';
import { errorText } from '../errors';
import { t, tDynamic } from '../i18n';
import { kindLabel } from '../format';
import {
  TLP_LEVELS,
  VALUE_EXAMPLES,
  VALUE_TYPES,
  buildIndicator,
  intelHref,
  isValidValue,
  parseOrgIds,
  randomUuid,
  tlpTakesRecipients,
  type Tlp,
  type ValueType,
} from '../intel';
import { canListAllOrgs } from '../nav';
import type { TaxiiCollection } from '../types';
import { tlpHelp } from '../components/tlp_badge';
import type { IntelContext } from './intel';

const valueTypeLabel = (type: ValueType) => tDynamic(`valueType.${type}`, type);

type Outcome =
  | { kind: 'success'; id: string }
  | { kind: 'pending'; statusId: string }
  | { kind: 'failure'; message: string };

export function ShareIndicatorForm({
  ctx,
  collection,
  onShared,
}: {
  ctx: IntelContext;
  collection: TaxiiCollection;
  onShared: () => void;
}) {
  const [valueType, setValueType] = useState<ValueType>('ipv4');
  const [value, setValue] = useState('');
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [tlp, setTlp] = useState<Tlp>('GREEN');
  const [recipients, setRecipients] = useState<number[]>([]);
  const [recipientText, setRecipientText] = useState('');
  const [invalid, setInvalid] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const pickFromList = canListAllOrgs(ctx.session.org.kind);
  const others = ctx.orgs.filter((o) => o.id !== ctx.session.org.id);
  const named = tlpTakesRecipients(tlp);

  const submit = async (e: Event) => {
    e.preventDefault();
    setOutcome(null);
    const trimmed = value.trim();
    if (!isValidValue(valueType, trimmed)) {
      setInvalid(t('share.invalidValue', { type: valueTypeLabel(valueType) }));
      return;
    }
    let ids: number[] = [];
    if (named) {
      const parsed = pickFromList ? recipients : parseOrgIds(recipientText);
      if (parsed === null) {
        setInvalid(t('share.invalidRecipients'));
        return;
      }
      ids = parsed;
    }
    setInvalid(null);
    const indicator = buildIndicator(
      { valueType, value: trimmed, name, description, tlp, recipients: ids },
      new Date(),
      randomUuid(),
    );
    setBusy(true);
    try {
      const status = await api.taxiiAddObjects(collection.id, [indicator]);
      const failure = status.failures?.find((f) => f.id === indicator.id) ?? status.failures?.[0];
      if (status.success_count > 0) {
        setOutcome({ kind: 'success', id: indicator.id });
        setValue('');
        setName('');
        setDescription('');
        onShared();
      } else if (failure || status.failure_count > 0) {
        setOutcome({ kind: 'failure', message: failure?.message || t('share.failed') });
      } else {
        setOutcome({ kind: 'pending', statusId: status.id });
      }
    } catch (err) {
      setOutcome({ kind: 'failure', message: errorText(err) });
    } finally {
      setBusy(false);
    }
  };

  const toggleRecipient = (id: number, on: boolean) =>
    setRecipients((prev) => (on ? [...prev.filter((x) => x !== id), id] : prev.filter((x) => x !== id)));

  return (
    <details class="subform" data-testid="share">
      <summary data-testid="share-toggle">{t('share.title')}</summary>
      <p class="muted">{t('share.help')}</p>
      <form class="form-grid share-form" onSubmit={submit} data-testid="share-form" noValidate>
        <label class="field">
          <span>{t('share.valueType')}</span>
          <select
            data-testid="share-type"
            value={valueType}
            onChange={(e) => {
              setValueType((e.currentTarget as HTMLSelectElement).value as ValueType);
              setInvalid(null);
            }}
          >
            {VALUE_TYPES.map((type) => (
              <option key={type} value={type}>
                {valueTypeLabel(type)}
              </option>
            ))}
          </select>
        </label>
        <label class="field share-value">
          <span>{t('share.value')}</span>
          <input
            data-testid="share-value"
            required
            autocomplete="off"
            autocapitalize="off"
            spellcheck={false}
            class="mono"
            value={value}
            placeholder={VALUE_EXAMPLES[valueType]}
            aria-invalid={invalid ? true : undefined}
            onInput={(e) => setValue((e.currentTarget as HTMLInputElement).value)}
          />
        </label>
        <label class="field">
          <span>{t('share.name')}</span>
          <input
            data-testid="share-name"
            value={name}
            placeholder={t('share.namePlaceholder')}
            onInput={(e) => setName((e.currentTarget as HTMLInputElement).value)}
          />
        </label>
        <label class="field">
          <span>{t('share.description')}</span>
          <input
            data-testid="share-description"
            value={description}
            onInput={(e) => setDescription((e.currentTarget as HTMLInputElement).value)}
          />
        </label>
        <label class="field">
          <span>{t('intel.tlp')}</span>
          <select
            data-testid="share-tlp"
            value={tlp}
            aria-describedby="share-tlp-help"
            onChange={(e) => setTlp((e.currentTarget as HTMLSelectElement).value as Tlp)}
          >
            {TLP_LEVELS.map((level) => (
              <option key={level} value={level}>
                TLP:{level}
              </option>
            ))}
          </select>
        </label>
        <p class="muted share-tlp-help" id="share-tlp-help" data-testid="share-tlp-help">
          {tlpHelp(tlp)}
        </p>
        {named &&
          (pickFromList ? (
            <fieldset class="share-recipients" data-testid="share-recipients">
              <legend>{t('share.recipients')}</legend>
              <p class="muted">{t('share.recipientsHelp')}</p>
              {others.length === 0 && <p class="muted">{t('share.noOtherOrgs')}</p>}
              <div class="recipient-list">
                {others.map((org) => (
                  <label key={org.id} class="check">
                    <input
                      type="checkbox"
                      data-testid="share-recipient"
                      data-org-id={org.id}
                      checked={recipients.includes(org.id)}
                      onChange={(e) =>
                        toggleRecipient(org.id, (e.currentTarget as HTMLInputElement).checked)
                      }
                    />
                    <span>
                      {org.name} <span class="muted">· {kindLabel(org.kind)}</span>
                    </span>
                  </label>
                ))}
              </div>
            </fieldset>
          ) : (
            <label class="field share-recipients">
              <span>{t('share.recipientIds')}</span>
              <input
                data-testid="share-recipient-ids"
                inputMode="numeric"
                autocomplete="off"
                value={recipientText}
                placeholder="4, 7"
                aria-describedby="share-recipient-ids-help"
                onInput={(e) => setRecipientText((e.currentTarget as HTMLInputElement).value)}
              />
              <small class="muted" id="share-recipient-ids-help">
                {t('share.recipientIdsHelp')}
              </small>
            </label>
          ))}
        <div class="form-actions">
          <button type="submit" class="button-primary" disabled={busy} data-testid="share-submit">
            {busy ? t('share.sharing') : t('share.submit')}
          </button>
        </div>
      </form>
      {invalid && (
        <p class="alert alert-error" role="alert" data-testid="share-invalid">
          {invalid}
        </p>
      )}
      {outcome?.kind === 'failure' && (
        <p class="alert alert-error" role="alert" data-testid="share-error">
          {t('share.rejected', { message: outcome.message })}
        </p>
      )}
      {outcome?.kind === 'pending' && (
        <p class="alert alert-info" role="status" data-testid="share-pending">
          {t('share.pending', { id: outcome.statusId })}
        </p>
      )}
      {outcome?.kind === 'success' && (
        <div class="alert alert-success" role="status" data-testid="share-done">
          <p>{t('share.done')}</p>
          <p>
            <a href={intelHref.indicator(outcome.id, collection.id)} data-testid="share-open">
              <code class="mono">{outcome.id}</code>
            </a>
          </p>
        </div>
      )}
    </details>
  );
}
