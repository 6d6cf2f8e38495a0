import type { Application } from '../../shared/domain/applications/application.js';
import type { Clock, Ids } from '../../shared/domain/core/clock.js';
import {
  ConcurrentUpdateError,
  OpenCaseExistsError,
  StepNotAwaitingError,
} from '../../shared/domain/core/errors.js';
import type { Principal } from '../../shared/domain/core/principal.js';
import { seedRelayOperators } from '../../shared/domain/notices/relay-operators.js';
import { defaultPolicyVersions, type PolicyVersion } from '../../shared/domain/policy/policy.js';
import type {
  AuditEntry,
  ChangeEntry,
  Deps,
  Page,
  PageRequest,
  RegistryCommit,
  RelayOperator,
  ResellerNotification,
  ReviewWorkflow,
  ReviewWorkflowInput,
  Sanction,
  SpamCase,
  StepDecision,
} from '../../shared/domain/ports.js';
import type { Reseller } from '../../shared/domain/resellers/eligibility.js';
import { applicationDueAt, dueBy } from '../../shared/domain/work-queues/work-queue.js';
import { applyLifecycle, guardLifecycle, lifecycleFakes } from './fakes-lifecycle.js';
import { sanctionFakes } from './fakes-sanctions.js';
import { spamFakes } from './fakes-spam.js';
import { verifiableFakes } from './fakes-verifiable.js';

/** In-memory adapters with the same semantics as the DynamoDB ones (revision guards, atomic commit). */
export class FakeStore {
  resellers = new Map<string, Reseller>();
  applications = new Map<string, Application>();
  feed: ChangeEntry[] = [];
  audit: AuditEntry[] = [];
  /** The registry always holds its relay operators (the seed); tests may add or remove some. */
  relays = new Map<string, RelayOperator>(seedRelayOperators.map((r) => [r.relayId, { ...r }]));
  policyVersions: PolicyVersion[] = [...defaultPolicyVersions];
  commits = 0;
  certificateSerials = new Map<number, number>();
  graceStarted: string[] = [];
  cases = new Map<string, SpamCase>();
  sanctions = new Map<string, Sanction>();
  /** State of the capability fakes (fakes-spam.ts, fakes-sanctions.ts), by their own keys. */
  ext: Record<string, unknown> = {};
  notifications: ResellerNotification[] = [];
  failNextCommit?: Error;
}

/**
 * Stands in for Step Functions: records starts and stops, and accepts one completion per open
 * task token (like SendTaskSuccess); `onComplete` lets a test play the workflow's next step.
 */
export class FakeReviewWorkflow implements ReviewWorkflow {
  started: ReviewWorkflowInput[] = [];
  stopped: { applicationId: string; cause: string }[] = [];
  completed: { taskToken: string; decision: StepDecision }[] = [];
  openTokens = new Set<string>();
  onComplete?: (taskToken: string, decision: StepDecision) => Promise<void>;

  async start(input: ReviewWorkflowInput) {
    this.started.push(input);
  }
  async complete(taskToken: string, decision: StepDecision) {
    if (!this.openTokens.delete(taskToken)) throw new StepNotAwaitingError('task token is not open');
    this.completed.push({ taskToken, decision });
    await this.onComplete?.(taskToken, decision);
  }
  async stop(applicationId: string, cause: string) {
    this.stopped.push({ applicationId, cause });
  }
}

export class FakeClock implements Clock {
  constructor(public current: Date) {}
  now() {
    return new Date(this.current.getTime());
  }
  set(iso: string) {
    this.current = new Date(iso);
  }
}

export function fakeIds(): Ids {
  let n = 0;
  return { next: (prefix) => `${prefix}_${String(++n).padStart(12, '0')}` };
}

function page<T>(all: T[], req: PageRequest): Page<T> {
  const start = req.cursor ? Number(req.cursor) : 0;
  const items = all.slice(start, start + req.limit);
  const end = start + items.length;
  return { items, ...(end < all.length ? { nextCursor: String(end) } : {}) };
}

export function fakeDeps(
  store = new FakeStore(),
  clock = new FakeClock(new Date('2026-01-15T00:00:00Z')),
): Deps & { store: FakeStore; clock: FakeClock; reviews: FakeReviewWorkflow } {
  const guard = (current: { revision: number } | undefined, before: { revision: number } | undefined) => {
    if ((current?.revision ?? undefined) !== (before?.revision ?? undefined)) {
      throw new ConcurrentUpdateError('revision moved');
    }
  };
  return {
    store,
    clock,
    ids: fakeIds(),
    reviews: new FakeReviewWorkflow(),
    graces: {
      start: async (brn) => {
        if (!store.graceStarted.includes(brn)) store.graceStarted.push(brn);
      },
    },
    notifier: {
      send: async (n) => {
        if (!store.notifications.some((x) => x.notificationId === n.notificationId))
          store.notifications.push(n);
      },
      list: async (brn, req) => page(store.notifications.filter((n) => n.brn === brn).reverse(), req),
    },
    resellers: {
      get: async (brn) => structuredClone(store.resellers.get(brn)),
      listDue: async (until, req) =>
        page(
          [...store.resellers.values()]
            .filter((r) => r.dueAt && r.dueAt <= until)
            .sort((a, b) => a.dueAt!.localeCompare(b.dueAt!))
            .map((r) => structuredClone(r)),
          req,
        ),
      listInBadStanding: async (since) =>
        [...store.resellers.values()]
          .filter((r) => r.standing && (!r.standing.until || r.standing.until >= since))
          .map((r) => structuredClone(r)),
      latestDueAtOrBefore: async (until) =>
        [...store.resellers.values()]
          .map((r) => r.dueAt)
          .filter((d): d is string => !!d && d <= until)
          .sort()
          .at(-1),
      list: async (req) =>
        page(
          [...store.resellers.values()].sort((a, b) => a.brn.localeCompare(b.brn)),
          req,
        ),
    },
    applications: {
      get: async (id) => structuredClone(store.applications.get(id)),
      list: async (filter, req) =>
        page(
          [...store.applications.values()].filter(
            (a) =>
              (!filter.brn || a.brn === filter.brn) &&
              (!filter.status || a.status === filter.status) &&
              (!filter.assignee || a.assignee === filter.assignee) &&
              dueBy(applicationDueAt(a), filter.dueBefore),
          ),
          req,
        ),
    },
    registry: {
      nextCertificateSerial: async (year) => {
        const n = (store.certificateSerials.get(year) ?? 0) + 1;
        store.certificateSerials.set(year, n);
        return n;
      },
      head: async () => store.feed.at(-1)?.seq ?? 0,
      changes: async (after, limit) => store.feed.filter((c) => c.seq > after).slice(0, limit),
      commit: async (unit: RegistryCommit) => {
        if (store.failNextCommit) {
          const e = store.failNextCommit;
          store.failNextCommit = undefined;
          throw e;
        }
        if (unit.reseller) guard(store.resellers.get(unit.reseller.after.brn), unit.reseller.before);
        if (unit.application)
          guard(store.applications.get(unit.application.after.applicationId), unit.application.before);
        if (unit.spamCase) {
          guard(store.cases.get(unit.spamCase.after.caseId), unit.spamCase.before);
          const open = [...store.cases.values()].some(
            (c) =>
              c.brn === unit.spamCase!.after.brn &&
              c.status === 'OPEN' &&
              c.caseId !== unit.spamCase!.after.caseId,
          );
          if (!unit.spamCase.before && open)
            throw new OpenCaseExistsError('this reseller already has an open case');
        }
        if (unit.sanction) guard(store.sanctions.get(unit.sanction.after.sanctionId), unit.sanction.before);
        guardLifecycle(store, unit);
        store.commits++;
        applyLifecycle(store, unit);
        if (unit.reseller) store.resellers.set(unit.reseller.after.brn, structuredClone(unit.reseller.after));
        if (unit.application)
          store.applications.set(
            unit.application.after.applicationId,
            structuredClone(unit.application.after),
          );
        if (unit.spamCase) store.cases.set(unit.spamCase.after.caseId, structuredClone(unit.spamCase.after));
        if (unit.sanction)
          store.sanctions.set(unit.sanction.after.sanctionId, structuredClone(unit.sanction.after));
        store.audit.push(...unit.audit);
        if (!unit.change) return {};
        const seq = (store.feed.at(-1)?.seq ?? 0) + 1;
        store.feed.push({ seq, ...unit.change });
        return { seq };
      },
    },
    relays: {
      list: async () => [...store.relays.values()],
      get: async (id) => store.relays.get(id),
      ensure: async (r) => {
        if (!store.relays.has(r.relayId)) store.relays.set(r.relayId, r);
      },
      update: async (r, audit) => {
        store.relays.set(r.relayId, structuredClone(r));
        store.audit.push(audit);
      },
    },
    policies: {
      versions: async () => store.policyVersions,
      add: async (v, a) => {
        if (store.policyVersions.some((x) => x.version === v.version))
          throw new ConcurrentUpdateError('taken');
        store.policyVersions.push(v);
        store.audit.push(a);
      },
    },
    cases: {
      get: async (id) => structuredClone(store.cases.get(id)),
      list: async (filter, req) =>
        page(
          [...store.cases.values()]
            .filter(
              (c) =>
                (!filter.status || c.status === filter.status) &&
                (!filter.brn || c.brn === filter.brn) &&
                (!filter.assignee || c.assignee === filter.assignee) &&
                dueBy(c.dueAt, filter.dueBefore),
            )
            .sort((a, b) => b.openedAt.localeCompare(a.openedAt)),
          req,
        ),
    },
    sanctions: {
      get: async (id) => structuredClone(store.sanctions.get(id)),
      listByReseller: async (brn, req) =>
        page(
          [...store.sanctions.values()]
            .filter((x) => x.brn === brn)
            .sort((a, b) => b.imposedAt.localeCompare(a.imposedAt)),
          req,
        ),
    },
    ...spamFakes(store),
    ...sanctionFakes(store),
    ...verifiableFakes(),
    ...lifecycleFakes(store),
  };
}

export const principals = {
  reseller: (brn: string): Principal => ({ subject: `sub-${brn}`, roles: ['reseller'], brn }),
  relay: (relayId = 'kt'): Principal => ({ subject: `sub-${relayId}`, roles: ['relay'], relayId }),
  reviewer: (): Principal => ({ subject: 'sub-reviewer', roles: ['reviewer'] }),
  committee: (): Principal => ({ subject: 'sub-committee', roles: ['committee'] }),
  regulator: (): Principal => ({ subject: 'sub-regulator', roles: ['regulator'] }),
  admin: (): Principal => ({ subject: 'sub-admin', roles: ['admin'] }),
  monitor: (): Principal => ({ subject: 'sub-monitor', roles: ['monitor'] }),
};
