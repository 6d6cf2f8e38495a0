import * as z from 'zod';
import { compose, corePorts, lazily } from '../../shared/adapters/deps.js';
import { RecordingNotifier } from '../../shared/adapters/dynamodb/notifier.js';
import { snsPublisher } from '../../shared/adapters/sns/notification-publisher.js';
import { runGraceStep } from '../../shared/domain/grace/grace-plan.js';
import { brnSchema } from '../../shared/schemas/common.js';
import { taskHandler } from '../../shared/workflow/task-handler.js';

const input = z.object({
  brn: brnSchema,
  step: z.object({
    action: z.enum(['REMIND', 'DEADLINE', 'EXTENSION_END']),
    at: z.string(),
    daysBefore: z.number().int().optional(),
  }),
});

/** Reminders are recorded and, in AWS, published to SNS for e-mail/SMS. */
const gracePorts = lazily(() => compose(corePorts(), { notifier: new RecordingNotifier(snsPublisher()) }));

export const handler = taskHandler(
  'run-grace-step',
  input,
  ({ brn, step }, deps) => runGraceStep(deps, brn, step),
  gracePorts,
);
