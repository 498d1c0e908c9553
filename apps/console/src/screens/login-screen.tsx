import { useState, type FormEvent } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { ApiError, logIn } from '../api/client';
import { sessionStore } from '../api/session-store';
import { useSession } from '../api/use-session';
import { useI18n } from '../i18n/i18n';

const LAST_WORKSPACE = 'threadline.workspace';

export function LoginScreen() {
  const { t } = useI18n();
  const session = useSession();
  const navigate = useNavigate();
  const from = (useLocation().state as { from?: string } | null)?.from ?? '/today';
  const [workspace, setWorkspace] = useState(() => localStorage.getItem(LAST_WORKSPACE) ?? '');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  if (session) return <Navigate to={from} replace />;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await logIn(workspace.trim(), email.trim(), password);
      localStorage.setItem(LAST_WORKSPACE, workspace.trim());
      navigate(from, { replace: true });
    } catch (e) {
      if (e instanceof ApiError && e.status === 429) {
        setError(t('login.throttled', { seconds: e.headers.get('retry-after') ?? '60' }));
      } else if (e instanceof ApiError && e.status < 500) setError(t('login.invalid'));
      else setError(t('app.error', { message: e instanceof Error ? e.message : String(e) }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="content" className="login">
      <form onSubmit={submit} aria-labelledby="login-title" className="card">
        <h1 id="login-title">{t('login.title')}</h1>
        {sessionStore.endedBecause === 'expired' && <p role="status">{t('login.expired')}</p>}
        <label>
          {t('login.workspace')}
          <input
            name="workspace"
            required
            autoComplete="organization"
            value={workspace}
            onChange={(e) => setWorkspace(e.target.value)}
          />
        </label>
        <label>
          {t('login.email')}
          <input
            name="email"
            type="email"
            required
            autoComplete="username"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </label>
        <label>
          {t('login.password')}
          <input
            name="password"
            type="password"
            required
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('login.busy') : t('login.submit')}
        </button>
      </form>
    </main>
  );
}
