import { type Stack, Token } from 'aws-cdk-lib';

/**
 * How cdk-nag prints a resource containing tokens: pseudo parameters as `<AWS::Partition>`. Needed
 * because an acknowledgement must name the finding exactly (cdk-nag 3 has no prefix matching).
 */
export function nagRendering(stack: Stack, value: string): string {
  if (!Token.isUnresolved(value)) return value;
  const resolved = stack.resolve(value) as { 'Fn::Join'?: [string, unknown[]] };
  const join = resolved['Fn::Join'];
  if (!join) throw new Error(`cannot render ${JSON.stringify(resolved)} for cdk-nag`);
  return join[1]
    .map((part) => {
      if (typeof part === 'string') return part;
      const ref = (part as { Ref?: string }).Ref;
      if (!ref) throw new Error(`cannot render ${JSON.stringify(part)} for cdk-nag`);
      return `<${ref}>`;
    })
    .join(join[0]);
}

/** The IAM5 finding id of a wildcard resource, as cdk-nag names it. */
export const iam5Finding = (stack: Stack, resource: string): string =>
  `AwsSolutions-IAM5[Resource::${nagRendering(stack, resource)}]`;
