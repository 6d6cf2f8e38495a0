/**
 * Where the API is and how people sign in, read from /console/config.json at start: the local runtime
 * serves `{auth: {mode: 'local'}}`; in AWS the deployment writes the Cognito hosted UI settings.
 */
export type AuthConfig =
  | { mode: 'local' }
  | { mode: 'cognito'; domain: string; clientId: string; redirectUri: string; logoutUri: string };

export interface ConsoleConfig {
  /** Base URL of the API ('' = same origin). */
  apiBase: string;
  auth: AuthConfig;
}

const fallback: ConsoleConfig = { apiBase: '', auth: { mode: 'local' } };

export async function loadConfig(): Promise<ConsoleConfig> {
  try {
    const res = await fetch(`${import.meta.env.BASE_URL}config.json`, { cache: 'no-store' });
    if (!res.ok) return fallback;
    return { ...fallback, ...((await res.json()) as Partial<ConsoleConfig>) };
  } catch {
    return fallback;
  }
}
