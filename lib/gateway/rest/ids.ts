import { createHash } from 'crypto';

/** A construct-id-safe version of a name. */
export function safeId(name: string): string {
  return name.replace(/[^A-Za-z0-9]/g, '').slice(0, 40);
}

/** A short stable hash for construct ids that must not depend on declaration order. */
export function shortHash(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 8).toUpperCase();
}
