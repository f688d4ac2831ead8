import { Annotations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { AdjustableQuota } from '../private/aws-rules';

/**
 * Warns at synth when an API passes one of API Gateway's default quotas that can be raised.
 *
 * A warning, not an error: the quota is raised per API through Service Quotas, and the
 * library cannot see whether an account has done so. The count is taken at synth, so routes
 * added with `addRoute` after the constructor are counted too.
 */
export function warnPastAdjustableQuota(scope: IConstruct, quota: AdjustableQuota, count: () => number): void {
  scope.node.addValidation({
    validate: () => {
      const n = count();
      if (n > quota.defaultLimit) {
        Annotations.of(scope).addWarningV2(`cdk-gateway-topology:${quota.id}`,
          `The API has ${n} ${quota.counted}, past API Gateway's default quota of ${quota.defaultLimit}. `
          + `Request an increase of "${quota.quotaName}" (Service Quotas, Amazon API Gateway) for this API before deploying, `
          + `or split the ${quota.counted} over more APIs (${quota.source}).`);
      }
      return [];
    },
  });
}

/** The REST resources a set of route paths needs: every distinct path prefix but the root. */
export function restResourceCount(paths: readonly string[]): number {
  const resources = new Set<string>();
  for (const p of paths) {
    const segments = p.split('/').filter((s) => s.length > 0);
    segments.forEach((_, i) => resources.add(segments.slice(0, i + 1).join('/')));
  }
  return resources.size;
}
