import { useEffect, useState } from 'preact/hooks';
import { configureApi } from './api/client.js';
import { cognitoSignOutUrl, completeCognitoSignIn, startCognitoSignIn } from './auth/cognito.js';
import { LocalSignIn } from './auth/local-sign-in.js';
import type { ConsoleConfig } from './config.js';
import { formatBrn } from './format.js';
import { currentLang, type Lang, setLang, t, tOr } from './i18n/i18n.js';
import { matchPath, navigate, usePath } from './router.js';
import { screens } from './screens/index.js';
import { clearSession, type Session, storedSession, storeToken } from './session.js';
import { Loading } from './ui/widgets.js';

function LanguageSwitch({ onChange }: { onChange: (lang: Lang) => void }) {
  return (
    <div class="lang">
      <label for="lang-switch" class="sr-only">
        {t('language')}
      </label>
      <select
        id="lang-switch"
        value={currentLang()}
        onChange={(e) => onChange(e.currentTarget.value as Lang)}
      >
        <option value="ko">한국어</option>
        <option value="en">English</option>
      </select>
    </div>
  );
}

function who(s: Session): string {
  const party = s.brn ? formatBrn(s.brn) : s.relayId;
  return `${tOr(`role.${s.role}`, s.role)}${party ? ` · ${party}` : ''}`;
}

/** The shell: header, the role's menu, and the screen the hash names. */
export function App({ config }: { config: ConsoleConfig }) {
  const [session, setSession] = useState<Session | undefined>(storedSession);
  const [lang, setLangState] = useState<Lang>(currentLang());
  const [completing, setCompleting] = useState(config.auth.mode === 'cognito');
  const path = usePath();
  const signOut = () => {
    clearSession();
    setSession(undefined);
    if (config.auth.mode === 'cognito') location.assign(cognitoSignOutUrl(config.auth));
  };
  configureApi(config.apiBase, () => session?.token, signOut);
  useEffect(() => {
    if (config.auth.mode !== 'cognito') return;
    void completeCognitoSignIn(config.auth).then((token) => {
      if (token) setSession(storeToken(token));
      setCompleting(false);
    });
  }, [config]);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const changeLang = (l: Lang) => {
    setLang(l);
    setLangState(l);
  };

  const mine = session ? screens.filter((s) => s.roles.includes(session.role)) : [];
  const hit = mine.map((s) => ({ s, params: matchPath(s.path, path) })).find((x) => x.params);
  useEffect(() => {
    const first = mine.find((s) => s.nav);
    if (session && !hit && first) navigate(first.path);
  }, [session, path]);

  return (
    <div key={lang}>
      <button type="button" class="skip" onClick={() => document.getElementById('main')?.focus()}>
        {t('skipToContent')}
      </button>
      <header class="top">
        <span class="brand">{t('appTitle')}</span>
        <LanguageSwitch onChange={changeLang} />
        {session && (
          <>
            <span class="who">{t('signedInAs', { who: who(session) })}</span>
            <button type="button" onClick={signOut}>
              {t('signOut')}
            </button>
          </>
        )}
      </header>
      {!session ? (
        completing ? (
          <Loading />
        ) : config.auth.mode === 'local' ? (
          <LocalSignIn apiBase={config.apiBase} onToken={(token) => setSession(storeToken(token))} />
        ) : (
          <main id="main" class="sign-in">
            <h1>{t('appTitle')}</h1>
            <button
              type="button"
              class="primary"
              onClick={() => config.auth.mode === 'cognito' && void startCognitoSignIn(config.auth)}
            >
              {t('signInCognito')}
            </button>
          </main>
        )
      ) : (
        <div class="layout">
          <nav aria-label={t('navMain')} class="side">
            <ul>
              {mine
                .filter((s) => s.nav)
                .map((s) => (
                  <li key={s.path}>
                    <a href={`#${s.path}`} aria-current={path === s.path ? 'page' : undefined}>
                      {t(s.nav!)}
                    </a>
                  </li>
                ))}
            </ul>
          </nav>
          <main id="main" tabIndex={-1}>
            {hit ? <hit.s.component session={session} params={hit.params!} /> : <Loading />}
          </main>
        </div>
      )}
    </div>
  );
}
