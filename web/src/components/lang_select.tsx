// The language switch (az, en, ru); the choice persists in localStorage.
import { LANGS, getLang, setLang, t, type Lang } from '../i18n';

export function LangSelect() {
  return (
    <label class="lang-select">
      <span class="visually-hidden">{t('lang.label')}</span>
      <select
        data-testid="lang-select"
        value={getLang()}
        onChange={(e) => setLang((e.currentTarget as HTMLSelectElement).value as Lang)}
      >
        {LANGS.map((lang) => (
          <option key={lang} value={lang} lang={lang}>
            {t(`lang.${lang}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
