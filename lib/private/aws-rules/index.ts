// The one home of the rules AWS enforces on values this library passes through. Each rule
// cites the AWS page it was written from; constructs call the check functions with a rule.
export * from './rule';
export * from './api-gateway';
export * from './ecs';
export * from './dns';
export * from './elb';
export * from './lambda';
export * from './cloudwatch';
export * from './logs';
export * from './waf';
export * from './cloud-map';
export * from './s3';
export * from './mapping-expressions';
