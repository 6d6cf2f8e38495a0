import { fmt, table } from './support.js';

/**
 * Monthly AWS cost of spam intake at national volume: 47.5 million reports a month (KISA's June
 * 2024 count; about 18 a second on average), from the requests and capacity measured per report by
 * the scale part (or the intake part) of the same run. On-demand pricing bills requests, not peaks,
 * so bursts change the cost little; the burst line shows what a day at 10x the average adds.
 */

/**
 * List prices, Asia Pacific (Seoul) ap-northeast-2, USD, as the author knew them in 2025 from the
 * AWS pricing pages (DynamoDB on-demand after the November 2024 reduction). Check the AWS Pricing
 * Calculator before budgeting with them; the model prints them so a reader can.
 */
export const REGION = 'ap-northeast-2 (Seoul)';
export const PRICES = {
  apiGatewayRestPerMillion: 3.5,
  lambdaPerMillionRequests: 0.2,
  lambdaPerGbSecond: 0.0000166667,
  sqsPerMillionRequests: 0.4,
  dynamoWritePerMillionUnits: 0.7125,
  dynamoReadPerMillionUnits: 0.1425,
  /** Stream reads by a Lambda trigger are free. */
  dynamoStreamReadsByLambda: 0,
  dynamoStoragePerGbMonth: 0.2846,
  stepFunctionsPerThousandTransitions: 0.025,
  schedulerPerMillionInvocations: 1.0,
  cloudWatchLogsPerGbIngested: 0.76,
  cloudWatchPerMetricMonth: 0.3,
  cloudWatchPerAlarmMonth: 0.1,
} as const;

export const VOLUME = {
  reportsPerMonth: 47_500_000,
  /** A monitoring feed sends its reports in calls of up to 500; assumed 100 on average. */
  reportsPerCall: 100,
  /** Queue messages hold up to 100 reports; a consumer invocation up to 10 messages. */
  reportsPerMessage: 100,
  reportsPerConsumerInvocation: 500,
  /** Counting batches fill to ~500 at the average rate within the 30 s window (shared/topology.ts). */
  reportsPerCountingBatch: 500,
  lambdaMemoryGb: 0.5,
  /** Log bytes per report across the intake functions (one line per invocation, a few hundred bytes). */
  logBytesPerReport: 12,
  reportBytes: 600,
  reportRetentionMonths: 13,
  /** Sanctions, reviews and grace periods: small next to intake; Step Functions transitions a month. */
  stateTransitions: 200_000,
  schedulerInvocations: 31,
  customMetrics: 20,
  alarms: 40,
  burstDays: 1,
  burstFactor: 10,
} as const;

export interface MeasuredPerReport {
  source: string;
  writeRequests: number;
  readRequests: number;
  wcu: number;
  rcu: number;
  /** Lambda milliseconds per report (queue consumer and counting together), measured locally. */
  lambdaMsPerReport: number;
}

export function monthlyCost(m: MeasuredPerReport) {
  const R = VOLUME.reportsPerMonth;
  const calls = R / VOLUME.reportsPerCall;
  const messages = R / VOLUME.reportsPerMessage;
  const consumerInvocations = R / VOLUME.reportsPerConsumerInvocation;
  const countingInvocations = R / VOLUME.reportsPerCountingBatch;
  const invocations = calls + consumerInvocations + countingInvocations;
  // submit: ~30 ms per call; consumer and counting as measured (local timing, pessimistic).
  const gbSeconds = ((calls * 30 + R * m.lambdaMsPerReport) / 1000) * VOLUME.lambdaMemoryGb;
  const sqsRequests = messages * 3; // send, receive (batched, counted per message as an upper bound), delete
  const storedGb = (R * VOLUME.reportRetentionMonths * VOLUME.reportBytes) / 1e9;
  const rows = [
    {
      service: 'API Gateway (REST)',
      basis: `${fmt(calls / 1e6, 2)} M calls`,
      usd: (calls / 1e6) * PRICES.apiGatewayRestPerMillion,
    },
    {
      service: 'Lambda',
      basis: `${fmt(invocations / 1e6, 2)} M invocations, ${fmt(gbSeconds / 1e3, 0)} k GB-s`,
      usd: (invocations / 1e6) * PRICES.lambdaPerMillionRequests + gbSeconds * PRICES.lambdaPerGbSecond,
    },
    {
      service: 'SQS',
      basis: `${fmt(sqsRequests / 1e6, 2)} M requests`,
      usd: (sqsRequests / 1e6) * PRICES.sqsPerMillionRequests,
    },
    {
      service: 'DynamoDB on-demand: writes',
      basis: `${fmt((R * m.wcu) / 1e6, 1)} M WRU (${fmt(m.wcu, 2)}/report)`,
      usd: ((R * m.wcu) / 1e6) * PRICES.dynamoWritePerMillionUnits,
    },
    {
      service: 'DynamoDB on-demand: reads',
      basis: `${fmt((R * m.rcu) / 1e6, 2)} M RRU (${fmt(m.rcu, 3)}/report)`,
      usd: ((R * m.rcu) / 1e6) * PRICES.dynamoReadPerMillionUnits,
    },
    {
      service: 'DynamoDB storage (reports kept 13 months)',
      basis: `${fmt(storedGb, 0)} GB`,
      usd: storedGb * PRICES.dynamoStoragePerGbMonth,
    },
    {
      service: 'Step Functions (standard)',
      basis: `${fmt(VOLUME.stateTransitions / 1e3, 0)} k transitions`,
      usd: (VOLUME.stateTransitions / 1e3) * PRICES.stepFunctionsPerThousandTransitions,
    },
    {
      service: 'EventBridge Scheduler',
      basis: `${VOLUME.schedulerInvocations} invocations (free tier covers them)`,
      usd: (VOLUME.schedulerInvocations / 1e6) * PRICES.schedulerPerMillionInvocations,
    },
    {
      service: 'CloudWatch (logs, metrics, alarms)',
      basis: `${fmt((R * VOLUME.logBytesPerReport) / 1e9, 2)} GB logs, ${VOLUME.customMetrics} metrics, ${VOLUME.alarms} alarms`,
      usd:
        ((R * VOLUME.logBytesPerReport) / 1e9) * PRICES.cloudWatchLogsPerGbIngested +
        VOLUME.customMetrics * PRICES.cloudWatchPerMetricMonth +
        VOLUME.alarms * PRICES.cloudWatchPerAlarmMonth,
    },
  ];
  const total = rows.reduce((n, r) => n + r.usd, 0);
  return { rows, total, requestsPerReport: m.writeRequests + m.readRequests };
}

export function benchCost(m: MeasuredPerReport): { total: number } {
  const { rows, total } = monthlyCost(m);
  const perReportUsd = total / VOLUME.reportsPerMonth;
  table(
    `Cost model: ${(VOLUME.reportsPerMonth / 1e6).toFixed(1)} M reports/month (June 2024), ${REGION}, on-demand list prices (per-report figures from ${m.source})`,
    ['service', 'basis', 'USD / month'],
    [
      ...rows.map((r) => [r.service, r.basis, fmt(r.usd, 2)]),
      ['total', `${fmt(perReportUsd * 1e6, 2)} USD per million reports`, fmt(total, 2)],
    ],
  );
  // A burst: on-demand bills the same per request; only the peak's extra Lambda concurrency shows.
  const burstReports = (VOLUME.reportsPerMonth / 30) * VOLUME.burstDays * (VOLUME.burstFactor - 1);
  console.log(
    `\nBursts: ${VOLUME.burstDays} day(s) at ${VOLUME.burstFactor}x the average adds ${fmt(burstReports / 1e6, 1)} M reports, about ${fmt(burstReports * perReportUsd, 2)} USD at the same per-report cost (on-demand capacity bills requests, not peaks).`,
  );
  console.log(`Prices used (${REGION}, USD): ${JSON.stringify(PRICES)}`);
  console.log(`Volume assumptions: ${JSON.stringify(VOLUME)}`);
  return { total };
}
