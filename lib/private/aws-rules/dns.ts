import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { TopologyValidationError } from '../../errors';

const DNS_FORMAT = 'https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/DomainNameFormat.html';

/** Options of {@link checkDomainName}. */
export interface DomainNameOptions {
  /** Whether the first label may be `*` (a certificate or custom domain wildcard). @default false */
  readonly allowWildcard?: boolean;
  /** Whether a single label such as `localhost` is a valid name here. @default false */
  readonly allowSingleLabel?: boolean;
}

/**
 * Refuses a DNS name that an ACM certificate, an API Gateway custom domain or a Route 53
 * record would refuse. Each label is 1-63 characters, the name at most 253 characters
 * written out (255 bytes in wire form, per the Route 53 page), and labels hold letters,
 * digits and inner hyphens only: the characters every one of those services takes.
 */
export function checkDomainName(
  scope: IConstruct | string, prop: string, value: string | undefined, options: DomainNameOptions = {},
): void {
  if (value === undefined || (typeof value === 'string' && Token.isUnresolved(value))) return;
  const fail = (problem: string): never => {
    throw new TopologyValidationError(scope, {
      prop, received: value, problem,
      fix: `set ${prop} to a DNS name such as "api.example.com": labels of 1-63 letters, digits or inner hyphens, at most 253 characters in all (${DNS_FORMAT})`,
    });
  };
  if (typeof value !== 'string') fail('a domain name must be a string');
  if (value.length === 0) fail('a domain name must not be empty');
  const name = value.endsWith('.') ? value.slice(0, -1) : value;
  if (name.length > 253) fail(`a domain name is at most 253 characters long (this one has ${name.length})`);
  const labels = name.split('.');
  if (labels.length < 2 && !options.allowSingleLabel) fail('a domain name needs at least two labels');
  labels.forEach((label, i) => {
    if (i === 0 && label === '*' && options.allowWildcard) return;
    if (label.length === 0) fail('a domain name has an empty label (two dots in a row, or a leading dot)');
    if (label.length > 63) fail(`the label "${label.slice(0, 20)}..." is ${label.length} characters long; a label is at most 63`);
    if (!/^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/.test(label)) {
      fail(`the label "${label}" may hold only letters, digits and hyphens, and may not start or end with a hyphen`);
    }
  });
}
