/**
 * Shared-secret authentication of executor requests: `Authorization: Bearer <secret>`.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Makes the check for one secret. With `secret === null` every request passes (only allowed
 * on loopback, see isLoopbackHost). Both sides are hashed first so that timingSafeEqual compares
 * equally long buffers and the comparison time does not reveal the secret's length.
 */
export function makeAuthCheck(secret: string | null): (authorization: string | undefined) => boolean {
  if (secret === null) return () => true;
  const want = createHash('sha256').update(secret, 'utf8').digest();
  return (authorization) => {
    if (typeof authorization !== 'string') return false;
    const m = /^Bearer (.*)$/.exec(authorization);
    if (!m) return false;
    const got = createHash('sha256').update(m[1]!, 'utf8').digest();
    return timingSafeEqual(want, got);
  };
}

/** The header value a client sends for `secret` (none when there is no secret). */
export function bearer(secret: string | null): Record<string, string> {
  return secret === null ? {} : { authorization: `Bearer ${secret}` };
}
