import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { problem } from '../../shared/http/problem.js';

export interface WebAclProps {
  /** ARN of the API Gateway stage to protect. */
  resourceArn: string;
  requestsPer5MinutesPerIp: number;
  maxBodyBytes: number;
  logRetention: logs.RetentionDays;
}

/**
 * A `Content-Length` header value (digits only, leading zeros allowed) greater than `limit`.
 * WAF cannot compare numbers, and it inspects at most the first 16-64 KB of an API Gateway body,
 * so "body > 1 MiB" can only be seen through the declared length; the handlers check the actual
 * size too (shared/http/http-handler.ts), which also covers chunked requests without the header.
 */
export function contentLengthAboveRegex(limit: number): string {
  const digits = String(limit);
  const n = digits.length;
  const alternatives = [`[1-9][0-9]{${n},}`]; // more digits than the limit has
  // Same number of digits: equal on a prefix, then a larger digit, then anything.
  for (let i = 0; i < n; i++) {
    const d = Number(digits[i]);
    if (d === 9) continue;
    const rest = n - i - 1;
    const larger = d + 1 === 9 ? '9' : `[${d + 1}-9]`;
    alternatives.push(`${digits.slice(0, i)}${larger}${rest > 0 ? `[0-9]{${rest}}` : ''}`);
  }
  return `^0*(${alternatives.join('|')})$`;
}

const visibility = (metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
  cloudWatchMetricsEnabled: true,
  metricName,
  sampledRequestsEnabled: true,
});

/**
 * The regional web ACL in front of the REST API (why REST and not HTTP API: WAF association).
 * Rules, cheapest first: an oversize declared body (413), a per-IP rate limit (429), then the AWS
 * managed common rule set. Blocked requests get a problem document; WAF only offers
 * `application/json` as the content type of a custom body, so that is what they carry.
 */
export class WebAcl extends Construct {
  readonly webAcl: wafv2.CfnWebACL;

  constructor(scope: Construct, id: string, props: WebAclProps) {
    super(scope, id);
    const customBody = (status: number, detail: string) => ({
      contentType: 'APPLICATION_JSON',
      content: JSON.stringify(problem(status, detail)),
    });

    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('registry-api'),
      customResponseBodies: {
        'too-large': customBody(413, 'the request body exceeds 1 MiB'),
        throttled: customBody(429, 'too many requests from this address; retry later'),
      },
      rules: [
        {
          name: 'body-too-large',
          priority: 0,
          statement: {
            regexMatchStatement: {
              fieldToMatch: { singleHeader: { Name: 'content-length' } },
              regexString: contentLengthAboveRegex(props.maxBodyBytes),
              textTransformations: [{ priority: 0, type: 'NONE' }],
            },
          },
          action: { block: { customResponse: { responseCode: 413, customResponseBodyKey: 'too-large' } } },
          visibilityConfig: visibility('body-too-large'),
        },
        {
          name: 'rate-per-ip',
          priority: 1,
          statement: {
            rateBasedStatement: {
              limit: props.requestsPer5MinutesPerIp,
              aggregateKeyType: 'IP',
              evaluationWindowSec: 300,
            },
          },
          action: {
            block: {
              customResponse: {
                responseCode: 429,
                customResponseBodyKey: 'throttled',
                responseHeaders: [{ name: 'retry-after', value: '300' }],
              },
            },
          },
          visibilityConfig: visibility('rate-per-ip'),
        },
        {
          name: 'aws-common',
          priority: 2,
          overrideAction: { none: {} },
          statement: {
            managedRuleGroupStatement: {
              vendorName: 'AWS',
              name: 'AWSManagedRulesCommonRuleSet',
              // The set blocks bodies over 8 KB; the contract accepts up to 1 MiB (500 spam
              // reports, CSV imports). Count instead: the size rule above and the handlers enforce it.
              ruleActionOverrides: [{ name: 'SizeRestrictions_BODY', actionToUse: { count: {} } }],
            },
          },
          visibilityConfig: visibility('aws-common'),
        },
      ],
    });

    new wafv2.CfnWebACLAssociation(this, 'Association', {
      resourceArn: props.resourceArn,
      webAclArn: this.webAcl.attrArn,
    });

    // WAF requires the `aws-waf-logs-` prefix; bearer tokens are redacted from the logs.
    const logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName: `aws-waf-logs-${Stack.of(this).stackName}`,
      retention: props.logRetention,
    });
    new wafv2.CfnLoggingConfiguration(this, 'Logging', {
      resourceArn: this.webAcl.attrArn,
      logDestinationConfigs: [
        Stack.of(this).formatArn({
          service: 'logs',
          resource: 'log-group',
          resourceName: logGroup.logGroupName,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      ],
      redactedFields: [{ singleHeader: { Name: 'authorization' } }],
    });
  }
}
