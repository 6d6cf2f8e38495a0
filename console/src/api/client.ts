import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema.js';

/**
 * The typed API client: paths, parameters and bodies come from the OpenAPI document (schema.d.ts is
 * generated from the route table), so a contract change fails the console's type-check.
 */
export type Schemas = components['schemas'];
export type ApiClient = ReturnType<typeof createClient<paths>>;
/** The document's Sanction component carries the `| null` of the one field that may be null. */
export type Sanction = NonNullable<Schemas['Sanction']>;

export interface FieldError {
  path: string;
  message: string;
}

/** An RFC 9457 problem answered by the API (or a network failure, status 0). */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly errors: FieldError[] = [],
  ) {
    super(detail || title);
  }

  /** Field errors keyed by form field: `body.representative.email` → `representative.email`. */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.errors) {
      const key = e.path.replace(/^(body|query|path)\.?/, '');
      out[key] ??= e.message;
    }
    return out;
  }
}

let client: ApiClient | undefined;
let onUnauthorized: () => void = () => {};
let rawBase = '';
let bearer: () => string | undefined = () => undefined;

export function configureApi(baseUrl: string, token: () => string | undefined, unauthorized: () => void) {
  onUnauthorized = unauthorized;
  // The API's stage URL ends in a slash; paths here start with one.
  rawBase = (baseUrl || location.origin).replace(/\/+$/, '');
  bearer = token;
  const auth: Middleware = {
    onRequest({ request }) {
      const bearer = token();
      if (bearer) request.headers.set('authorization', `Bearer ${bearer}`);
      return request;
    },
  };
  client = createClient<paths>({ baseUrl: rawBase });
  client.use(auth);
}

/** A plain authorised fetch, for answers read as a stream (downloads with progress). */
export function authorizedFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  const token = bearer();
  if (token) headers.set('authorization', `Bearer ${token}`);
  return fetch(`${rawBase}${path}`, { ...init, headers });
}

export function api(): ApiClient {
  if (!client) throw new Error('the API client is not configured yet');
  return client;
}

/** The answer's data, or an ApiProblem (401 also signs the user out). */
export async function unwrap<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<NonNullable<T>> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await call;
  } catch (e) {
    throw new ApiProblem(0, 'network', (e as Error).message);
  }
  const { data, error, response } = result;
  if (response.ok) return data as NonNullable<T>;
  const p = (error ?? {}) as Partial<{ title: string; detail: string; errors: FieldError[] }>;
  if (response.status === 401) onUnauthorized();
  throw new ApiProblem(response.status, p.title ?? response.statusText, p.detail ?? '', p.errors ?? []);
}

/**
 * Lists whose routes declare no response schema yet (listApplications, listResellerNotifications):
 * typed here from the document's item schemas until the route table names the page.
 */
export interface ApplicationPage {
  items: Schemas['Application'][];
  nextCursor?: string;
}
export interface ResellerNotification {
  notificationId: string;
  brn: string;
  kind: string;
  at: string;
  subject: string;
  detail: Record<string, unknown>;
}
export interface NotificationPage {
  items: ResellerNotification[];
  nextCursor?: string;
}
