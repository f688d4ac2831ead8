import { DurationRule } from './rule';

/**
 * The expiration of a lifecycle rule (LifecycleExpiration `Days`): "The value must be a
 * non-zero positive integer." Access-log buckets expire their objects with it.
 */
export const S3_EXPIRATION_DAYS: DurationRule = {
  subject: 'an S3 lifecycle expiration', unit: 'days', min: 1,
  source: 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_LifecycleExpiration.html',
};
