import type { AuthConfig } from '../config.js';

/**
 * Sign-in in AWS: Cognito's hosted UI with the authorization code grant and PKCE (S256), for a public
 * app client without a secret. The verifier stays in sessionStorage between the redirect and the callback.
 */
type CognitoConfig = Extract<AuthConfig, { mode: 'cognito' }>;
const VERIFIER_KEY = 'console.pkce.verifier';
const STATE_KEY = 'console.pkce.state';

function base64Url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

const randomString = (n = 32) => base64Url(crypto.getRandomValues(new Uint8Array(n)));

export async function startCognitoSignIn(config: CognitoConfig): Promise<void> {
  const verifier = randomString(48);
  const state = randomString(16);
  sessionStorage.setItem(VERIFIER_KEY, verifier);
  sessionStorage.setItem(STATE_KEY, state);
  const challenge = base64Url(
    new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))),
  );
  const url = new URL(`https://${config.domain}/oauth2/authorize`);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: config.redirectUri,
    scope: 'openid email aws.cognito.signin.user.admin',
    code_challenge_method: 'S256',
    code_challenge: challenge,
    state,
  }).toString();
  location.assign(url.toString());
}

/** On the callback: exchanges `?code=` for tokens; the access token is the API's bearer token. */
export async function completeCognitoSignIn(config: CognitoConfig): Promise<string | undefined> {
  const params = new URLSearchParams(location.search);
  const code = params.get('code');
  if (!code) return undefined;
  const verifier = sessionStorage.getItem(VERIFIER_KEY);
  const expectedState = sessionStorage.getItem(STATE_KEY);
  sessionStorage.removeItem(VERIFIER_KEY);
  sessionStorage.removeItem(STATE_KEY);
  history.replaceState(null, '', location.pathname + location.hash);
  if (!verifier || params.get('state') !== expectedState) return undefined;
  const res = await fetch(`https://${config.domain}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: config.clientId,
      code,
      redirect_uri: config.redirectUri,
      code_verifier: verifier,
    }),
  });
  if (!res.ok) return undefined;
  return ((await res.json()) as { access_token?: string }).access_token;
}

export function cognitoSignOutUrl(config: CognitoConfig): string {
  const url = new URL(`https://${config.domain}/logout`);
  url.search = new URLSearchParams({ client_id: config.clientId, logout_uri: config.logoutUri }).toString();
  return url.toString();
}
