import { monthlyStatisticsQuery, monthlyStatisticsSchema } from '../../schemas/statistics.js';
import type { RouteDef } from '../routes.js';

/** Monthly statistics for the regulator. Each route is its own export; ../routes.ts composes the table. */

export const getMonthlyStatistics = {
  operationId: 'getMonthlyStatistics',
  method: 'GET',
  path: '/v1/statistics/monthly',
  function: 'get-monthly-statistics',
  auth: ['regulator', 'reviewer'],
  summary: 'Monthly statistics (month in KST, live for the current month)',
  query: monthlyStatisticsQuery,
  success: { status: 200, schema: monthlyStatisticsSchema, description: 'the month’s statistics' },
  table: 'read',
} satisfies RouteDef;
