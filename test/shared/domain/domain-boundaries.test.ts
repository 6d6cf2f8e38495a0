import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The domain's shape, checked on its source: it talks to the world through ports, imports neither
 * the AWS SDK nor the HTTP schemas (schemas are mapped to domain types at the edge), and the ports a
 * capability declares never import the composed `Deps` (shared/domain/ports.ts), so no cycle runs
 * through the ports.
 */
const domainRoot = path.resolve(import.meta.dirname, '../../../shared/domain');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sourceFiles(path.join(dir, e.name))
      : e.name.endsWith('.ts')
        ? [path.join(dir, e.name)]
        : [],
  );
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+'([^']+)'/g)].map(
    (m) => m[1] as string,
  );
}

function relativeTargets(file: string): string[] {
  return importsOf(file)
    .filter((s) => s.startsWith('.'))
    .map((s) => path.resolve(path.dirname(file), s.replace(/\.js$/, '.ts')));
}

const files = sourceFiles(domainRoot);
const rel = (f: string) => path.relative(domainRoot, f);

describe('the domain boundaries', () => {
  it('imports neither the AWS SDK, zod, nor the HTTP schemas', () => {
    const offenders = files.flatMap((f) =>
      importsOf(f)
        .filter(
          (s) => s.startsWith('@aws-sdk/') || s === 'zod' || s.startsWith('zod/') || s.includes('/schemas/'),
        )
        .map((s) => `${rel(f)} imports ${s}`),
    );
    expect(offenders).toEqual([]);
  });

  it('keeps every import inside shared/domain or node built-ins', () => {
    const outside = files.flatMap((f) =>
      relativeTargets(f)
        .filter((t) => !t.startsWith(domainRoot + path.sep))
        .map((t) => `${rel(f)} imports ${path.relative(domainRoot, t)}`),
    );
    expect(outside).toEqual([]);
  });

  it('lets no capability port reach the composed Deps, so the ports form no cycle', () => {
    const composed = path.join(domainRoot, 'ports.ts');
    const portFiles = files.filter((f) => f !== composed && /(^|[-/])ports\.ts$/.test(rel(f)));
    expect(portFiles.length).toBeGreaterThan(5);
    const reaching: string[] = [];
    for (const start of portFiles) {
      const seen = new Set<string>();
      const stack = [start];
      while (stack.length > 0) {
        const f = stack.pop() as string;
        if (seen.has(f)) continue;
        seen.add(f);
        if (f === composed) {
          reaching.push(rel(start));
          break;
        }
        stack.push(...relativeTargets(f));
      }
    }
    expect(reaching).toEqual([]);
  });
});
