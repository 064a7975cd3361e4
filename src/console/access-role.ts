// The shared contract (request.accessRole) is declared once, by the API: src/api/access-role.ts.
export type { AccessRole } from '../api/access-role.js';
