/** The gateway's log: one JSON object per line, like API Gateway's access log and execution errors. */

export interface RequestLogLine {
  level: 'info' | 'error';
  msg: string;
  requestId: string;
  method?: string;
  route?: string | null;
  function?: string;
  status?: number;
  ms?: number;
  error?: string;
  stack?: string;
}

/**
 * Request lines are batched into one write per 50 ms: a write per request would cost the hot path
 * a system call each. Warnings and errors go out at once.
 */
let pendingLines: string[] = [];
let flushTimer: NodeJS.Timeout | undefined;
function flushLines() {
  flushTimer = undefined;
  if (pendingLines.length === 0) return;
  process.stdout.write(pendingLines.join(''));
  pendingLines = [];
}
process.once('exit', flushLines);

/** Request lines to stdout (batched), errors to stderr. */
export function defaultLog(line: RequestLogLine) {
  if (line.level !== 'info') {
    process.stderr.write(`${JSON.stringify(line)}\n`);
    return;
  }
  pendingLines.push(`${JSON.stringify(line)}\n`);
  if (!flushTimer) flushTimer = setTimeout(flushLines, 50).unref();
}
