/**
 * `npm run --silent token -- --role reseller --brn 2208162517` prints a local ID token (nothing else).
 * Local only: the key lives in .local/keys/ and AWS never accepts these tokens.
 */

import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { parseBrn } from '../../shared/domain/core/brn.js';
import { roles as knownRoles, type Role } from '../../shared/http/routes.js';
import { defaultKeyDir, type LocalTokenClaims, mintLocalToken } from './keys.js';

export const TOKEN_USAGE = `usage: npm run --silent token -- --role <role> [options]

  --role <role>        ${knownRoles.join(' | ')} (repeat for several groups)
  --brn <brn>          custom:brn, required for --role reseller (10 digits, dashes allowed)
  --relay-id <id>      custom:relay_id, required for --role relay (e.g. kt)
  --sub <id>           subject (default: stable per role/brn/relay id)
  --expires-in <secs>  lifetime in seconds (default 3600)
  --key-dir <dir>      signing key directory (default .local/keys, or LOCAL_KEY_DIR)

examples:
  npm run --silent token -- --role reseller --brn 2208162517
  npm run --silent token -- --role relay --relay-id kt
  npm run --silent token -- --role reviewer --expires-in 600`;

export class UsageError extends Error {}

export interface ParsedTokenArgs {
  claims: LocalTokenClaims;
  keyDir: string;
}

export function parseTokenArgs(argv: readonly string[]): ParsedTokenArgs | 'help' {
  let values: Record<string, string | string[] | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        role: { type: 'string', multiple: true },
        brn: { type: 'string' },
        'relay-id': { type: 'string' },
        sub: { type: 'string' },
        'expires-in': { type: 'string' },
        'key-dir': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (values.help) return 'help';

  const roles = ((values.role as string[] | undefined) ?? [])
    .flatMap((r) => r.split(','))
    .map((r) => r.trim());
  if (roles.length === 0) throw new UsageError('--role is required');
  for (const role of roles) {
    if (!(knownRoles as readonly string[]).includes(role)) throw new UsageError(`unknown role: ${role}`);
  }

  const claims: LocalTokenClaims = { roles: roles as Role[] };
  const brn = values.brn as string | undefined;
  if (brn !== undefined) {
    if (!/^(\d{10}|\d{3}-\d{2}-\d{5})$/.test(brn))
      throw new UsageError('--brn must be 10 digits (dashes allowed)');
    const parsed = parseBrn(brn);
    if (!parsed.ok)
      throw new UsageError(
        `--brn ${brn}: its check digit is wrong (not a valid business registration number)`,
      );
    claims.brn = parsed.brn;
  } else if (roles.includes('reseller')) {
    throw new UsageError('--role reseller needs --brn');
  }
  const relayId = values['relay-id'] as string | undefined;
  if (relayId !== undefined) {
    if (!/^[a-z0-9][a-z0-9-]*$/.test(relayId))
      throw new UsageError('--relay-id must be lowercase letters, digits, -');
    claims.relayId = relayId;
  } else if (roles.includes('relay')) {
    throw new UsageError('--role relay needs --relay-id');
  }
  if (values.sub !== undefined) {
    if (values.sub === '') throw new UsageError('--sub must not be empty');
    claims.sub = values.sub as string;
  }
  const expiresIn = values['expires-in'] as string | undefined;
  if (expiresIn !== undefined) {
    if (!/^\d+$/.test(expiresIn) || Number(expiresIn) < 1) {
      throw new UsageError('--expires-in must be a positive number of seconds');
    }
    claims.expiresInSeconds = Number(expiresIn);
  }
  return { claims, keyDir: (values['key-dir'] as string | undefined) ?? defaultKeyDir() };
}

async function main(argv: readonly string[]): Promise<number> {
  let parsed: ParsedTokenArgs | 'help';
  try {
    parsed = parseTokenArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`error: ${e.message}\n\n${TOKEN_USAGE}\n`);
    return 2;
  }
  if (parsed === 'help') {
    process.stdout.write(`${TOKEN_USAGE}\n`);
    return 0;
  }
  process.stdout.write(`${await mintLocalToken(parsed.claims, { keyDir: parsed.keyDir })}\n`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`error: ${(e as Error).message}\n`);
      process.exitCode = 1;
    },
  );
}
