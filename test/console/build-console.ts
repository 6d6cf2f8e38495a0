import { ensureConsoleBuilt } from '../../infra/local/console-build.js';

/** Vitest global setup: the browser tests need console/dist; built once per run, only when stale. */
export default function setup() {
  ensureConsoleBuilt((line) => console.log(line));
}
