import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The audit trail is append-only: no code path may update or delete an audit entry. This reads
 * the source (not a running system), so a new writer anywhere is checked the day it is written:
 * every audit item (built only by `keys.audit`) must be the `Item` of a `Put` conditional on
 * `attribute_not_exists(PK)`, and the audit partitions are otherwise only queried.
 */
const root = join(import.meta.dirname, '../../../..');
const sourceDirs = ['shared', 'functions', 'infra'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.d.ts') ? [path] : [];
  });
}

const files = sourceDirs.flatMap((d) => sourceFiles(join(root, d)));
const parsed = files.map((path) => ({
  path: relative(root, path),
  source: ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true),
}));

function walk(node: ts.Node, visit: (n: ts.Node) => void) {
  visit(node);
  node.forEachChild((child) => walk(child, visit));
}

/** `keys.<name>(...)` calls in a file. */
function keyCalls(source: ts.SourceFile, name: string): ts.CallExpression[] {
  const calls: ts.CallExpression[] = [];
  walk(source, (n) => {
    if (
      ts.isCallExpression(n) &&
      ts.isPropertyAccessExpression(n.expression) &&
      n.expression.name.text === name &&
      n.expression.expression.getText(source) === 'keys'
    )
      calls.push(n);
  });
  return calls;
}

const property = (obj: ts.ObjectLiteralExpression, name: string) =>
  obj.properties.find(
    (p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && p.name.getText() === name,
  );

/** Where an audit item is written: what wraps it, described so a failure says what is wrong. */
function writeOf(call: ts.CallExpression, source: ts.SourceFile): string {
  // keys.audit(...) spread into the item literal.
  const spread = call.parent;
  const item = spread?.parent;
  if (!spread || !ts.isSpreadAssignment(spread) || !item || !ts.isObjectLiteralExpression(item))
    return 'not spread into an item literal';
  const itemProp = item.parent;
  if (!ts.isPropertyAssignment(itemProp) || itemProp.name.getText(source) !== 'Item') return 'not an Item';
  const request = itemProp.parent as ts.ObjectLiteralExpression;
  const condition = property(request, 'ConditionExpression')?.initializer.getText(source);
  if (condition !== "'attribute_not_exists(PK)'") return `condition ${condition ?? 'missing'}`;
  const wrapper = request.parent;
  if (ts.isPropertyAssignment(wrapper) && wrapper.name.getText(source) === 'Put') return 'conditional put';
  if (ts.isNewExpression(wrapper) && wrapper.expression.getText(source) === 'PutCommand')
    return 'conditional put';
  return 'not a Put';
}

describe('the audit trail is append-only', () => {
  it('every audit item written anywhere is a new item: a Put conditional on attribute_not_exists(PK)', () => {
    const writes = parsed.flatMap(({ path, source }) =>
      keyCalls(source, 'audit').map((call) => ({
        at: `${path}:${source.getLineAndCharacterOfPosition(call.getStart()).line + 1}`,
        write: writeOf(call, source),
      })),
    );
    // The registry commit, the policy and relay-settings writes, and the first-sender codes.
    expect(writes.length).toBeGreaterThanOrEqual(4);
    expect(writes.filter((w) => w.write !== 'conditional put')).toEqual([]);
  });

  it('the audit partitions are only read, by the audit repository, which sends queries only', () => {
    const readers = parsed.filter(({ source }) =>
      ['auditEntityPartition', 'auditMonthPartition'].some((k) => keyCalls(source, k).length > 0),
    );
    expect(readers.map((r) => r.path)).toEqual(['shared/adapters/dynamodb/audit-repository.ts']);
    const commands = new Set<string>();
    walk(readers[0]!.source, (n) => {
      if (ts.isNewExpression(n)) commands.add(n.expression.getText(readers[0]!.source));
    });
    expect([...commands]).toEqual(['QueryCommand']);
  });

  it('no code names an audit key by hand (every audit key comes from keys.ts)', () => {
    const byHand = parsed.filter(
      ({ path, source }) =>
        !path.endsWith('dynamodb/keys.ts') &&
        !path.endsWith('dynamodb/table-definitions.ts') &&
        /['"`]AUDIT(LOG)?#/.test(source.text),
    );
    expect(byHand.map((f) => f.path)).toEqual([]);
  });
});
