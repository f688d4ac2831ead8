import { DurationRule, TextRule } from './rule';

/**
 * A Cloud Map service name (CreateService `Name`), whose pattern is at most 127 characters of
 * dot-separated labels of 1-63 letters, digits, "_" and "-", a label not starting or ending
 * with "-". In a DNS namespace it becomes the first labels of the records' names.
 */
export const CLOUD_MAP_SERVICE_NAME: TextRule = {
  subject: 'a Cloud Map service name', maxLength: 127,
  pattern: /^(?:[A-Za-z0-9_][A-Za-z0-9_-]{0,61}[A-Za-z0-9_]|[A-Za-z0-9])(?:\.(?:[A-Za-z0-9_][A-Za-z0-9_-]{0,61}[A-Za-z0-9_]|[A-Za-z0-9]))*$/,
  grammar: 'labels of 1-63 letters, digits, "_" and "-" separated by dots, no label starting or ending with "-"',
  example: 'users', source: 'https://docs.aws.amazon.com/cloud-map/latest/api/API_CreateService.html',
};

/**
 * The TTL of the records Cloud Map creates (DnsRecord `TTL`, a Long of seconds). The page gives
 * no range of its own; Route 53, which holds the records, takes 0 to 2147483647 seconds
 * (https://docs.aws.amazon.com/Route53/latest/APIReference/API_ResourceRecordSet.html).
 */
export const CLOUD_MAP_DNS_TTL: DurationRule = {
  subject: 'a DNS record TTL', unit: 'seconds', min: 0, max: 2_147_483_647,
  source: 'https://docs.aws.amazon.com/cloud-map/latest/api/API_DnsRecord.html',
};
