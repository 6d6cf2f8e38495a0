import { fromEnv } from '@aws-sdk/credential-provider-env';

/**
 * Bundling alias for `@aws-sdk/credential-provider-node` in Lambda bundles only. Lambda always
 * hands a function its role's credentials in environment variables, so the SSO, INI, web-identity
 * and instance-metadata providers (and the nested STS/SSO clients, ~100 KB minified) are dead
 * weight in every bundle. Locally and in tests the real provider chain is used (no bundling).
 */
export const defaultProvider = (_init?: unknown) => fromEnv();
