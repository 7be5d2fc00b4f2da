// The sign-in form. Shows the server's own message when sign-in fails (401, 429).
import { useState } from 'preact/hooks';
import { api } from '../api';
import { errorText } from '../errors';
import { t } from '../i18n';
import type { Session } from '../types';
import { LangSelect } from '../components/lang_select';

export function LoginPage({
  notice,
  onLogin,
}: {
  notice?: string;
  onLogin: (session: Session) => void;
}) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const session = await api.login(username.trim(), password);
      onLogin(session);
    } catch (err) {
      setError(errorText(err));
      setPassword('');
      setBusy(false);
    }
  };

  return (
    <div class="login-page">
      <div class="login-lang">
        <LangSelect />
      </div>
      <main class="login-card">
        <div class="login-brand">
          <img src="./favicon.svg" alt="" width={48} height={48} />
          <div>
            <h1>{t('app.name')}</h1>
            <p class="muted">{t('app.tagline')}</p>
          </div>
        </div>
        <form onSubmit={submit} data-testid="login-form" aria-describedby="login-error">
          <h2>{t('login.title')}</h2>
          {notice && !error && (
            <p class="alert alert-info" role="status" data-testid="login-notice">
              {notice}
            </p>
          )}
          <div id="login-error" aria-live="assertive">
            {error && (
              <p class="alert alert-error" role="alert" data-testid="login-error">
                {error}
              </p>
            )}
          </div>
          <label class="field">
            <span>{t('login.username')}</span>
            <input
              name="username"
              data-testid="login-username"
              autocomplete="username"
              autocapitalize="off"
              spellcheck={false}
              required
              value={username}
              onInput={(e) => setUsername((e.currentTarget as HTMLInputElement).value)}
            />
          </label>
          <label class="field">
            <span>{t('login.password')}</span>
            <input
              name="password"
              type="password"
              data-testid="login-password"
              autocomplete="current-password"
              required
              value={password}
              onInput={(e) => setPassword((e.currentTarget as HTMLInputElement).value)}
            />
          </label>
          <button type="submit" class="button-primary" data-testid="login-submit" disabled={busy}>
            {busy ? t('login.signingIn') : t('login.submit')}
          </button>
        </form>
        <p class="login-public">
          <a href="#/providers" data-testid="login-providers">
            {t('providers.publicLink')}
          </a>
        </p>
      </main>
    </div>
  );
}
