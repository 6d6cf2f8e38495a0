import { existsSync, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { parseBrn } from '../../shared/domain/core/brn.js';
import { problem } from '../../shared/http/problem.js';
import { CONSOLE_DIST } from './console-build.js';
import { type LocalKeys, mintLocalToken } from './keys.js';
import { parseTokenArgs, UsageError } from './token.js';

/**
 * The console on the local runtime: the built files under `/console/`, their local configuration,
 * and the local sign-in (`POST /_local/console/token`), which mints the same tokens as
 * `npm run token` with the same argument checks. Local only: nothing here is deployed.
 */
export const CONSOLE_PATH = '/console/';
export const LOCAL_TOKEN_PATH = '/_local/console/token';
const MAX_SIGN_IN_BYTES = 4096;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

const LOCAL_CONFIG = JSON.stringify({ apiBase: '', auth: { mode: 'local' } });

function send(res: ServerResponse, status: number, type: string, body: string | Buffer, headers = {}) {
  res.writeHead(status, {
    'content-type': type,
    'content-length': Buffer.byteLength(body),
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  res.end(body);
}

function sendProblem(
  res: ServerResponse,
  status: number,
  detail: string,
  errors?: { path: string; message: string }[],
) {
  send(res, status, 'application/problem+json', JSON.stringify(problem(status, detail, errors)));
}

function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_SIGN_IN_BYTES) reject(new Error('too large'));
      else chunks.push(c);
    });
    req.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'));
      } catch (e) {
        reject(e);
      }
    });
    req.on('error', reject);
  });
}

/** `{role, brn?, relayId?}` → a local token, checked exactly as `npm run token` checks its flags. */
async function signIn(req: IncomingMessage, res: ServerResponse, keys: LocalKeys) {
  let body: { role?: unknown; brn?: unknown; relayId?: unknown };
  try {
    body = (await readJson(req)) as typeof body;
  } catch {
    return sendProblem(res, 400, 'send {role, brn?, relayId?} as JSON');
  }
  const argv = ['--role', String(body.role ?? '')];
  if (typeof body.brn === 'string' && body.brn !== '') {
    const brn = parseBrn(body.brn);
    if (!brn.ok) {
      const message =
        brn.problem === 'format'
          ? 'must be a business registration number: 10 digits, optionally as 000-00-00000'
          : 'business registration number check digit does not match';
      return sendProblem(res, 400, 'invalid sign-in', [{ path: 'brn', message }]);
    }
    argv.push('--brn', brn.brn);
  }
  if (typeof body.relayId === 'string' && body.relayId !== '') argv.push('--relay-id', body.relayId);
  try {
    const parsed = parseTokenArgs(argv);
    if (parsed === 'help') return sendProblem(res, 400, 'a role is required');
    const token = await mintLocalToken(parsed.claims, { keys });
    send(res, 200, 'application/json', JSON.stringify({ token }), { 'cache-control': 'no-store' });
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    const path = /--brn/.test(e.message) ? 'brn' : /--relay-id/.test(e.message) ? 'relayId' : 'role';
    sendProblem(res, 400, 'invalid sign-in', [
      { path, message: e.message.replace(/--[a-z-]+ ?/g, '').trim() },
    ]);
  }
}

function serveFile(res: ServerResponse, distDir: string, path: string, head: boolean) {
  if (!existsSync(join(distDir, 'index.html'))) {
    return send(
      res,
      503,
      'text/plain; charset=utf-8',
      'The console is not built: run `npm run console:build` (npm start builds it when missing).\n',
    );
  }
  const relative = normalize(decodeURIComponent(path.slice(CONSOLE_PATH.length)) || 'index.html');
  let file = join(distDir, relative);
  if (!file.startsWith(distDir + sep) || !existsSync(file) || !statSync(file).isFile()) {
    file = join(distDir, 'index.html'); // the SPA's own routes (hash routing makes these rare)
  }
  const isIndex = file.endsWith('index.html');
  const body = readFileSync(file);
  res.writeHead(200, {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'content-length': body.length,
    'x-content-type-options': 'nosniff',
    // Hashed asset names never change content; index.html must always be fresh.
    'cache-control': isIndex ? 'no-cache' : 'public, max-age=31536000, immutable',
    ...(isIndex
      ? {
          'content-security-policy':
            "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'",
        }
      : {}),
  });
  res.end(head ? undefined : body);
}

/** Handles the console's requests; answers false for everything else (the API routes). */
export function createConsoleSite(options: { keys: LocalKeys; distDir?: string }) {
  const distDir = options.distDir ?? CONSOLE_DIST;
  const site = async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const url = req.url ?? '/';
    const path = url.split('?')[0]!;
    if (path === LOCAL_TOKEN_PATH && req.method === 'POST') {
      await signIn(req, res, options.keys);
      return true;
    }
    if (path !== '/console' && !path.startsWith(CONSOLE_PATH)) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendProblem(res, 405, `${req.method} is not allowed here`);
      return true;
    }
    if (path === '/console') {
      res.writeHead(302, { location: CONSOLE_PATH, 'content-length': 0 });
      res.end();
    } else if (path === `${CONSOLE_PATH}config.json`) {
      send(res, 200, 'application/json', LOCAL_CONFIG, { 'cache-control': 'no-store' });
    } else {
      serveFile(res, distDir, path, req.method === 'HEAD');
    }
    return true;
  };
  /** Whether a path may be the site's: the gateway asks this first, so an API request skips the site. */
  const serves = (path: string) =>
    path === LOCAL_TOKEN_PATH || path === '/console' || path.startsWith(CONSOLE_PATH);
  return Object.assign(site, { serves });
}
