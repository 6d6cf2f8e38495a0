import { fileURLToPath } from 'node:url';

/** The repository root, whatever the current directory (infra/local/ is two levels down). */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
