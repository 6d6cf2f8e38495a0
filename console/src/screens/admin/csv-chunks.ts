/**
 * Splits a CSV file into chunks of rows, each with the header line, so a large import is sent in parts
 * and shows its progress. Lines inside quoted fields stay with their row.
 */
export function csvChunks(text: string, rowsPerChunk: number): { header: string; chunks: string[][] } {
  const rows: string[] = [];
  let current = '';
  let quoted = false;
  for (const line of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    current = current ? `${current}\n${line}` : line;
    quoted = ((line.match(/"/g)?.length ?? 0) % 2 === 1) !== quoted;
    if (!quoted) {
      if (current.trim() !== '') rows.push(current);
      current = '';
    }
  }
  if (current.trim() !== '') rows.push(current);
  const [header = '', ...data] = rows;
  const chunks: string[][] = [];
  for (let i = 0; i < data.length; i += rowsPerChunk) chunks.push(data.slice(i, i + rowsPerChunk));
  return { header, chunks };
}
