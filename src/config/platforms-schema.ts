import { z } from 'zod';
import { accountId, accountsSchema, appId, secretRef } from './accounts-schema.js';

const platform = z.strictObject(
  {
    platformId: accountId,
    name: z.string({ error: 'must be a string' }).optional(),
    componentAppId: appId,
    componentAppSecret: secretRef,
    token: secretRef,
    encodingAESKey: secretRef,
  },
  { error: (iss) => (iss.code === 'invalid_type' ? 'must be an object' : undefined) },
);

export type RawPlatform = z.output<typeof platform>;

/**
 * The accounts file in its second form, for deployments with third-party platforms:
 * `{ "platforms": [...], "accounts": [...] }`. The plain array form stays valid.
 */
export const accountsDocumentSchema = z.strictObject(
  {
    platforms: z.array(platform, { error: 'must be an array of platforms' }).default([]),
    accounts: accountsSchema,
  },
  {
    error: (iss) =>
      iss.code === 'invalid_type'
        ? 'must be an array of accounts or an object {"platforms": [...], "accounts": [...]}'
        : undefined,
  },
);
