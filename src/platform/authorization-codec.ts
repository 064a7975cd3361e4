import { z } from 'zod';
import type { AuthorizationRecord } from './authorization-store.js';
import { storedSecret } from './stored-secret.js';

const stored = z.object({
  refreshToken: z.string().min(1),
  funcIds: z.array(z.number().int()),
  authorizedAt: z.number(),
  updatedAt: z.number(),
  state: z.enum(['authorized', 'revoked']),
  revokedAt: z.number().optional(),
});

/** The Redis hash value of one authorisation (its field is the authorizer AppID). */
export function encodeAuthorization(record: AuthorizationRecord): string {
  const { authorizerAppId: _field, refreshToken, revokedAt, ...rest } = record;
  return JSON.stringify({
    ...rest,
    refreshToken: refreshToken.reveal(),
    ...(revokedAt === undefined ? {} : { revokedAt }),
  });
}

/** null for a value this version cannot read (the caller reports it; nothing is guessed). */
export function decodeAuthorization(authorizerAppId: string, raw: string): AuthorizationRecord | null {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return null;
  }
  const parsed = stored.safeParse(json);
  if (!parsed.success) return null;
  const { refreshToken, revokedAt, ...rest } = parsed.data;
  return {
    authorizerAppId,
    ...rest,
    refreshToken: storedSecret(refreshToken),
    ...(revokedAt === undefined ? {} : { revokedAt }),
  };
}
