import { Duration } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { METRICS_NAMESPACE, SERVICE_NAME } from '../shared/config/service.js';
import { keyRingProblems } from '../shared/domain/attestations/key-ring.js';
import type { Role } from '../shared/domain/core/principal.js';
import { seedRelayOperators } from '../shared/domain/notices/relay-operators.js';

/**
 * The typed stage configuration: every tunable of the deployed system in one place, so stacks and
 * constructs never hard-code a number. `npm run synth` picks the stage with `-c stage=<name>`
 * (default `dev`); nothing here needs AWS credentials or lookups, so synth works offline.
 */

/** Roles held by systems (OAuth client credentials) rather than people. */
export const MACHINE_ROLES = ['relay', 'monitor'] as const satisfies readonly Role[];
export type MachineRole = (typeof MACHINE_ROLES)[number];

/** One Cognito app client with the client-credentials grant, i.e. one calling system. */
export interface MachineClientConfig {
  /** Unique, kebab-case; becomes the app client name. */
  name: string;
  role: MachineRole;
  /** Relay operator id (`custom:relay_id` of a person); required for role `relay`. */
  relayId?: string;
}

/**
 * One attestation signing key: a KMS ECC_NIST_P256 key created by the stack. The ring lists them
 * oldest first; shared/domain/attestations/key-ring.ts states the rotation rule and README.md
 * ("Rotating the attestation key") the procedure.
 */
export interface AttestationKeyConfig {
  /** Stable, kebab-case; names the KMS key (construct id and alias). Never reuse one. */
  name: string;
  /** Signs from this instant (ISO 8601); a new key: at least the JWKS cache lifetime after its deploy. */
  activatedAt: string;
  /** Stops signing at this instant: the next key's `activatedAt`. */
  retiredAt?: string;
}

export interface StageConfig {
  /** Short stage name, also the API Gateway stage name and the STAGE env var. */
  stage: string;
  /** Region is always explicit; the account stays a deploy-time token unless given (offline synth). */
  env: { account?: string; region: string };
  /** Prefix of stack names. */
  appName: string;
  /** POWERTOOLS_SERVICE_NAME and metrics namespace. */
  serviceName: string;
  metricsNamespace: string;
  logRetention: RetentionDays;
  machineClients: readonly MachineClientConfig[];
  /** The attestation key ring (current key, the next one, older keys whose attestations may be valid). */
  attestationKeys: readonly AttestationKeyConfig[];
  auth: {
    /** Hosted domain prefix (`<prefix>.auth.<region>.amazoncognito.com`), where clients get tokens. */
    domainPrefix: string;
    /** Where the people's app client may redirect after sign-in/out (authorization code + PKCE). */
    callbackUrls: string[];
    logoutUrls: string[];
    accessTokenValidity: Duration;
  };
  api: {
    /** Stage-wide steady-state requests per second and burst (API Gateway token bucket). */
    throttlingRateLimit: number;
    throttlingBurstLimit: number;
  };
  waf: {
    /** Requests per source IP in any 5-minute window before WAF answers 429. */
    requestsPer5MinutesPerIp: number;
    /** Largest body accepted (1 MiB: 500 spam reports fit); larger declared bodies get 413 at the edge. */
    maxBodyBytes: number;
  };
  alarms: {
    /** E-mail addresses subscribed to the alarm topic (none by default; each must confirm by mail). */
    emails: readonly string[];
    /** A main queue whose oldest message is older than this is not keeping up: alarm. */
    oldestMessageAge: Duration;
    /** Per-queue overrides (topology queue name → age), e.g. where retries hold messages back. */
    oldestMessageAgeOverrides: Readonly<Record<string, Duration>>;
    /** A stream consumer this far behind the table's stream: alarm. */
    streamIteratorAge: Duration;
  };
  streams: {
    /** Retries of a failing batch before its position goes to the on-failure destination (alarm). */
    retryAttempts: number;
    /** Records older than this are not retried (DynamoDB Streams keeps 24 h). */
    maxRecordAge: Duration;
  };
  notices: {
    /** Per-attempt webhook timeout (WEBHOOK_TIMEOUT_MS of the delivery function). */
    webhookTimeout: Duration;
  };
  functions: {
    memorySize: number;
    /** Per-function overrides (folder name under functions/ → MB): bulk work gets more CPU. */
    memoryOverrides: Readonly<Record<string, number>>;
    /** API functions answer within API Gateway's 29 s integration limit with room to spare. */
    apiTimeout: Duration;
    /** Workflow tasks have no gateway in front of them. */
    taskTimeout: Duration;
    /**
     * DynamoDB stream consumers. SQS consumers have no setting here: their timeout is derived from
     * their queue's visibility timeout (infra/constructs/message-queues.ts `consumerTimeout`).
     */
    streamTimeout: Duration;
  };
}

/** Relays' systems: one client per relay operator of the seed list, so the two cannot drift. */
const relayClients: MachineClientConfig[] = seedRelayOperators.map((r) => ({
  name: `relay-${r.relayId}`,
  role: 'relay',
  relayId: r.relayId,
}));

/** Spam monitoring feeds (KISA's 118 spam center, KISA spam traps, KCUP's own monitoring). */
const monitorClients: MachineClientConfig[] = [
  { name: 'kisa-118', role: 'monitor' },
  { name: 'kisa-trap', role: 'monitor' },
  { name: 'kcup-monitoring', role: 'monitor' },
];

const defaults: Omit<StageConfig, 'stage' | 'env' | 'auth'> & {
  auth: Omit<StageConfig['auth'], 'domainPrefix'>;
} = {
  appName: 'bulk-text-registry',
  serviceName: SERVICE_NAME,
  metricsNamespace: METRICS_NAMESPACE,
  logRetention: RetentionDays.THREE_MONTHS,
  machineClients: [...relayClients, ...monitorClients],
  // The first key signs from the epoch, so a business clock set in the past still signs.
  attestationKeys: [{ name: 'attestation-1', activatedAt: '1970-01-01T00:00:00.000Z' }],
  auth: {
    callbackUrls: ['http://localhost:5173/callback'],
    logoutUrls: ['http://localhost:5173/'],
    accessTokenValidity: Duration.hours(1),
  },
  api: { throttlingRateLimit: 200, throttlingBurstLimit: 400 },
  waf: { requestsPer5MinutesPerIp: 3000, maxBodyBytes: 1024 * 1024 },
  alarms: {
    emails: [],
    oldestMessageAge: Duration.minutes(15),
    oldestMessageAgeOverrides: {
      // Failed deliveries are held back on the queue (5 s ... 12 h): an hour-old notice means a relay
      // has not taken a sanction notice for an hour, which operators should hear about.
      'notice-fanout': Duration.hours(1),
    },
    streamIteratorAge: Duration.minutes(5),
  },
  streams: { retryAttempts: 20, maxRecordAge: Duration.hours(6) },
  notices: { webhookTimeout: Duration.seconds(5) },
  functions: {
    memorySize: 512,
    memoryOverrides: {
      // CSV parsing and one transaction per row batch.
      'import-existing-resellers': 1024,
      // Whole-registry snapshot: many pages of GSI1 and a large JSON response.
      'get-registry': 1024,
    },
    apiTimeout: Duration.seconds(15),
    taskTimeout: Duration.seconds(30),
    streamTimeout: Duration.seconds(30),
  },
};

/** Per-stage differences only; everything else comes from `defaults`. */
const stageOverrides: Record<string, (base: typeof defaults) => Partial<StageConfig>> = {
  dev: () => ({ logRetention: RetentionDays.ONE_MONTH }),
  prod: (base) => ({
    logRetention: RetentionDays.ONE_YEAR,
    auth: {
      ...base.auth,
      domainPrefix: 'kcup-bulk-text-registry',
      callbackUrls: ['https://registry.kcup.or.kr/callback'],
      logoutUrls: ['https://registry.kcup.or.kr/'],
    },
    api: { throttlingRateLimit: 500, throttlingBurstLimit: 1000 },
  }),
};

export const DEFAULT_REGION = 'ap-northeast-2';

export interface StageSelection {
  stage?: string;
  account?: string;
  region?: string;
}

/** The configuration of one stage; throws on an unknown stage or an inconsistent machine client. */
export function stageConfig(selection: StageSelection = {}): StageConfig {
  const stage = selection.stage ?? 'dev';
  const override = stageOverrides[stage];
  if (!override) {
    throw new Error(`unknown stage "${stage}" (known: ${Object.keys(stageOverrides).join(', ')})`);
  }
  const config: StageConfig = {
    ...defaults,
    stage,
    env: {
      region: selection.region ?? DEFAULT_REGION,
      ...(selection.account ? { account: selection.account } : {}),
    },
    auth: { ...defaults.auth, domainPrefix: `kcup-bulk-text-registry-${stage}` },
    ...override(defaults),
  };
  validateMachineClients(config.machineClients);
  validateAttestationKeys(config.attestationKeys);
  for (const email of config.alarms.emails) {
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email))
      throw new Error(`alarm e-mail "${email}" is not an address`);
  }
  return config;
}

export function validateAttestationKeys(keys: readonly AttestationKeyConfig[]): void {
  for (const k of keys) {
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(k.name))
      throw new Error(`attestation key name "${k.name}" is not kebab-case`);
  }
  const problems = keyRingProblems(keys.map((k) => ({ ...k, kid: k.name })));
  if (problems.length > 0) throw new Error(problems.join('; '));
}

function validateMachineClients(clients: readonly MachineClientConfig[]): void {
  const names = new Set<string>();
  for (const c of clients) {
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(c.name))
      throw new Error(`machine client name "${c.name}" is not kebab-case`);
    if (names.has(c.name)) throw new Error(`machine client "${c.name}" is defined twice`);
    names.add(c.name);
    // The relay id is what scopes a relay's notices; a relay client without one would see nothing.
    if (c.role === 'relay' && !c.relayId) throw new Error(`relay client "${c.name}" needs a relayId`);
    if (c.role !== 'relay' && c.relayId) throw new Error(`only relay clients carry a relayId ("${c.name}")`);
  }
}
