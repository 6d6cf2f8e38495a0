import { LocalRuntimeError } from './errors.js';
import { isObject, type Json, type JsonObject } from './types.js';

/** Evaluate an ASL reference path (`$.a.b[0]`, `$['a']`, `$$.Execution.Input.x`). */
export function evaluateReferencePath(path: string, input: Json, context: Json): Json {
  let current: unknown;
  let rest: string;
  if (path.startsWith('$$')) {
    current = context;
    rest = path.slice(2);
  } else if (path.startsWith('$')) {
    current = input;
    rest = path.slice(1);
  } else {
    throw new LocalRuntimeError(`Invalid reference path '${path}'`);
  }
  const segment = /^(?:\.([^.[\]]+)|\[(\d+)\]|\['([^']*)'\]|\["([^"]*)"\])/;
  while (rest.length > 0) {
    const match = segment.exec(rest);
    if (!match) throw new LocalRuntimeError(`Unsupported reference path '${path}'`);
    rest = rest.slice(match[0].length);
    if (match[2] !== undefined) {
      const index = Number(match[2]);
      if (!Array.isArray(current) || index >= current.length) {
        throw new LocalRuntimeError(`Reference path '${path}' does not match the input`);
      }
      current = current[index];
    } else {
      const key = (match[1] ?? match[3] ?? match[4]) as string;
      if (!isObject(current) || !Object.hasOwn(current, key)) {
        throw new LocalRuntimeError(`Reference path '${path}' does not match the input`);
      }
      current = current[key];
    }
  }
  return current;
}

/** Every occurrence of `search` in every string of a JSON value replaced (the task-token placeholder). */
export function replaceInStrings(value: Json, search: string, replacement: string): Json {
  if (typeof value === 'string') return value.split(search).join(replacement);
  if (Array.isArray(value)) return value.map((item) => replaceInStrings(item, search, replacement));
  if (isObject(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, replaceInStrings(item, search, replacement)]),
    );
  }
  return value;
}

/** Rewrite `$$.Execution.StartTime` (which the library pins to wall time) in path-valued fields. */
export function rewriteStartTimePaths(value: Json): Json {
  if (Array.isArray(value)) return value.map(rewriteStartTimePaths);
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [key, item] of Object.entries(value)) {
    const isPath = key.endsWith('.$') || key.endsWith('Path') || key === 'Variable';
    out[key] =
      isPath && typeof item === 'string'
        ? item.split('$$.Execution.StartTime').join('$$.LocalExecution.StartTime')
        : rewriteStartTimePaths(item);
  }
  return out;
}
