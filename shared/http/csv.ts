import { parse } from 'csv-parse/sync';
import { ValidationError } from '../domain/core/errors.js';

/**
 * CSV rows as objects keyed by the header line. List-valued columns (relayOperatorIds) hold ids
 * separated by `;` or `|`; an empty cell is an absent field, so per-row validation names it.
 */
export function parseCsvRows(text: string, listColumns: readonly string[] = []): Record<string, unknown>[] {
  let records: Record<string, string>[];
  try {
    records = parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true }) as Record<
      string,
      string
    >[];
  } catch (error) {
    throw new ValidationError('the CSV body could not be parsed', [
      { path: 'body', message: (error as Error).message.slice(0, 200) },
    ]);
  }
  return records.map((record) => {
    const row: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(record)) {
      if (value === '') continue;
      row[key] = listColumns.includes(key)
        ? value
            .split(/[;|]/)
            .map((v) => v.trim())
            .filter(Boolean)
        : value;
    }
    return row;
  });
}
