import * as z from 'zod';
import { compose, corePorts, lazily } from '../../shared/adapters/deps.js';
import { RecordingNotifier } from '../../shared/adapters/dynamodb/notifier.js';
import { snsPublisher } from '../../shared/adapters/sns/notification-publisher.js';
import { fireInstantTrigger } from '../../shared/domain/time/instant-triggers.js';
import { logger } from '../../shared/http/logger.js';
import { brnSchema } from '../../shared/schemas/common.js';
import { taskHandler } from '../../shared/workflow/task-handler.js';

/** DynamoDB; the reseller hears of the change (recorded, and in AWS published to SNS). */
const triggerPorts = lazily(() => compose(corePorts(), { notifier: new RecordingNotifier(snsPublisher()) }));

/**
 * The target of a reseller's one-time schedule: commits every time-driven change now due, each at
 * its instant. Only the brn is read from the event; the rest comes from the stored facts.
 */
export const handler = taskHandler(
  'fire-instant-trigger',
  z.object({ brn: brnSchema }),
  async ({ brn }, deps) => {
    const result = await fireInstantTrigger(deps, brn);
    logger.info('instant trigger fired', { changed: result.changed, instants: result.instants?.length ?? 0 });
    return result;
  },
  triggerPorts,
);
