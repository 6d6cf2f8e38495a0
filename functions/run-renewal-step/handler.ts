import * as z from 'zod';
import { compose, corePorts, lazily } from '../../shared/adapters/deps.js';
import { RecordingNotifier } from '../../shared/adapters/dynamodb/notifier.js';
import { snsPublisher } from '../../shared/adapters/sns/notification-publisher.js';
import { runRenewalStep } from '../../shared/domain/renewals/renewal-steps.js';
import { brnSchema } from '../../shared/schemas/common.js';
import { taskHandler } from '../../shared/workflow/task-handler.js';

const input = z.object({
  brn: brnSchema,
  certificateId: z.string().min(1).max(40),
  step: z.discriminatedUnion('action', [
    z.object({ action: z.literal('REMIND'), at: z.string(), daysBefore: z.number().int() }),
    z.object({ action: z.literal('EXPIRE'), at: z.string() }),
  ]),
});

/** Reminders are recorded and, in AWS, published to SNS for e-mail/SMS. */
const renewalPorts = lazily(() => compose(corePorts(), { notifier: new RecordingNotifier(snsPublisher()) }));

export const handler = taskHandler(
  'run-renewal-step',
  input,
  (i, deps) => runRenewalStep(deps, i),
  renewalPorts,
);
