import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { env } from '../../config/env.js';
import type { ChangeReport, ChangeReportStatus } from '../../domain/change-reports/change-report.js';
import type { ChangeReportRepository } from '../../domain/change-reports/ports.js';
import type { Inspection } from '../../domain/inspections/inspection.js';
import type { InspectionFilter, InspectionRepository } from '../../domain/inspections/ports.js';
import type { LifecycleWrite } from '../../domain/lifecycle-ports.js';
import type { Objection, ObjectionStatus } from '../../domain/objections/objection.js';
import type { ObjectionRepository } from '../../domain/objections/ports.js';
import type { Page, PageRequest } from '../../domain/ports.js';
import type { WorkQueueFilter } from '../../domain/work-queues/work-queue.js';
import { documentDb, queryPage } from './client.js';
import { keys, stripKeys } from './keys.js';
import { workQueueQuery } from './work-queue-filter.js';

const table = () => env().TABLE_NAME;

/** The stored item of a lifecycle record (written by RegistryRepository.commit). */
export function lifecycleItem(write: LifecycleWrite): Record<string, unknown> {
  switch (write.kind) {
    case 'inspection':
      return {
        ...keys.inspection(write.after.inspectionId),
        ...keys.inspectionIndexes(write.after),
        entity: 'inspection',
        ...write.after,
      };
    case 'changeReport':
      return {
        ...keys.changeReport(write.after.changeReportId),
        ...keys.changeReportIndexes(write.after),
        entity: 'change-report',
        ...write.after,
      };
    case 'objection':
      return {
        ...keys.objection(write.after.objectionId),
        ...keys.objectionIndexes(write.after),
        entity: 'objection',
        ...write.after,
      };
    case 'sanction':
      return {
        ...keys.sanction(write.after.sanctionId),
        ...keys.sanctionIndexes(write.after),
        entity: 'sanction',
        ...write.after,
      };
  }
}

export class DynamoInspectionRepository implements InspectionRepository {
  async get(inspectionId: string): Promise<Inspection | undefined> {
    const out = await documentDb().send(
      new GetCommand({ TableName: table(), Key: keys.inspection(inspectionId), ConsistentRead: true }),
    );
    return out.Item ? stripKeys<Inspection>(out.Item) : undefined;
  }

  async list(filter: InspectionFilter, page: PageRequest): Promise<Page<Inspection>> {
    const idx = filter.brn
      ? keys.inspectionsByBrn(filter.brn)
      : filter.status
        ? keys.inspectionsByStatus(filter.status)
        : keys.allInspections();
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ':pk': idx.value };
    const filters: string[] = [];
    if (filter.brn && filter.status) {
      names['#status'] = 'status';
      values[':status'] = filter.status;
      filters.push('#status = :status');
    }
    if (filter.assignee) {
      values[':assignee'] = filter.assignee;
      filters.push('assignee = :assignee');
    }
    let condition = `${idx.pk} = :pk`;
    if (filter.dueBefore) {
      // `~` sorts after every id character: everything due at or before the instant.
      values[':due'] = `${filter.dueBefore}#~`;
      condition += ` AND ${idx.sk} <= :due`;
    }
    return queryPage<Inspection>(
      {
        TableName: table(),
        IndexName: idx.index,
        KeyConditionExpression: condition,
        ExpressionAttributeValues: values,
        ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
        ...(filters.length ? { FilterExpression: filters.join(' AND ') } : {}),
      },
      page,
    );
  }
}

export class DynamoChangeReportRepository implements ChangeReportRepository {
  async get(changeReportId: string): Promise<ChangeReport | undefined> {
    const out = await documentDb().send(
      new GetCommand({ TableName: table(), Key: keys.changeReport(changeReportId), ConsistentRead: true }),
    );
    return out.Item ? stripKeys<ChangeReport>(out.Item) : undefined;
  }

  listByReseller(brn: string, page: PageRequest): Promise<Page<ChangeReport>> {
    return queryPage<ChangeReport>(
      {
        TableName: table(),
        IndexName: 'GSI2',
        KeyConditionExpression: 'GSI2PK = :pk',
        ExpressionAttributeValues: { ':pk': keys.changeReportsByBrn(brn) },
        ScanIndexForward: false,
      },
      page,
    );
  }

  list(
    filter: { status?: ChangeReportStatus } & WorkQueueFilter,
    page: PageRequest,
  ): Promise<Page<ChangeReport>> {
    const idx = filter.status
      ? { index: 'GSI1', pk: 'GSI1PK', value: keys.changeReportsByStatus(filter.status) }
      : keys.allChangeReports();
    return queryPage<ChangeReport>(
      {
        TableName: table(),
        ...workQueueQuery(idx, filter, { statusInKey: true, dueAttribute: 'dueAt' }),
      },
      page,
    );
  }

  listByStatus(status: ChangeReportStatus, page: PageRequest): Promise<Page<ChangeReport>> {
    return queryPage<ChangeReport>(
      {
        TableName: table(),
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': keys.changeReportsByStatus(status) },
      },
      page,
    );
  }
}

export class DynamoObjectionRepository implements ObjectionRepository {
  async get(objectionId: string): Promise<Objection | undefined> {
    const out = await documentDb().send(
      new GetCommand({ TableName: table(), Key: keys.objection(objectionId), ConsistentRead: true }),
    );
    return out.Item ? stripKeys<Objection>(out.Item) : undefined;
  }

  list(
    filter: { brn?: string; status?: ObjectionStatus } & WorkQueueFilter,
    page: PageRequest,
  ): Promise<Page<Objection>> {
    const idx = filter.brn
      ? keys.objectionsByBrn(filter.brn)
      : filter.status
        ? keys.objectionsByStatus(filter.status)
        : keys.allObjections();
    return queryPage<Objection>(
      {
        TableName: table(),
        ...workQueueQuery(idx, filter, { statusInKey: !filter.brn, dueAttribute: 'dueAt' }),
        ScanIndexForward: false,
      },
      page,
    );
  }
}
