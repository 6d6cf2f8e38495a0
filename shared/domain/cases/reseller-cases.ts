import { NotFoundError } from '../core/errors.js';
import { hasRole, type Principal } from '../core/principal.js';
import type { Deps, Page, PageRequest, SpamCase } from '../ports.js';
import { hourBucket } from '../spam/attribution.js';

const KST_MS = 9 * 3_600_000;
const DAY_MS = 86_400_000;

/** The KST days a case window overlaps, each as the hour buckets it covers within the window. */
export function kstDaySlices(from: string, to: string): { day: string; fromHour: string; toHour: string }[] {
  const start = Date.parse(from);
  const end = Date.parse(to);
  const slices: { day: string; fromHour: string; toHour: string }[] = [];
  for (
    let dayStart = Math.floor((start + KST_MS) / DAY_MS) * DAY_MS - KST_MS;
    dayStart <= end;
    dayStart += DAY_MS
  ) {
    const a = Math.max(start, dayStart);
    const b = Math.min(end, dayStart + DAY_MS - 1);
    if (a > b) continue;
    slices.push({
      day: new Date(dayStart + KST_MS).toISOString().slice(0, 10),
      fromHour: hourBucket(new Date(a)),
      toHour: hourBucket(new Date(b)),
    });
  }
  return slices;
}

/**
 * A case as its reseller sees it: what was counted, by category, relay and KST day, and what was
 * decided. Reports are counted, never listed: no sender number, reporter or content reaches it.
 */
async function resellerCaseView(deps: Pick<Deps, 'spamReports'>, c: SpamCase, staff: boolean) {
  const byDay: Record<string, number> = {};
  for (const slice of kstDaySlices(c.evidence.from, c.evidence.to)) {
    const counts = await deps.spamReports.window(c.brn, slice.fromHour, slice.toHour);
    if (counts.reports > 0) byDay[slice.day] = counts.reports;
  }
  return {
    caseId: c.caseId,
    brn: c.brn,
    status: c.status,
    openedAt: c.openedAt,
    window: { from: c.evidence.from, to: c.evidence.to },
    threshold: c.evidence.threshold,
    counts: {
      reports: c.evidence.reports,
      malicious: c.evidence.malicious,
      byCategory: c.evidence.byCategory,
      byRelay: c.evidence.byRelay,
      byDay,
    },
    decision: c.decision ?? null,
    decidedAt: c.decidedAt ?? null,
    sanctionId: c.sanctionId ?? null,
    ...(staff ? { decidedBy: c.decidedBy ?? null } : {}),
  };
}

/** `GET /v1/resellers/{brn}/cases`: its owner and staff; another reseller (or a relay) gets 404. */
export async function listResellerCases(
  deps: Pick<Deps, 'cases' | 'spamReports'>,
  principal: Principal,
  brn: string,
  page: PageRequest,
): Promise<Page<Awaited<ReturnType<typeof resellerCaseView>>>> {
  const staff = hasRole(principal, 'reviewer', 'committee', 'regulator');
  if (!staff && !(principal.roles.includes('reseller') && principal.brn === brn)) {
    throw new NotFoundError(`no reseller ${brn}`);
  }
  const result = await deps.cases.list({ brn }, page);
  return {
    items: await Promise.all(result.items.map((c) => resellerCaseView(deps, c, staff))),
    ...(result.nextCursor ? { nextCursor: result.nextCursor } : {}),
  };
}
