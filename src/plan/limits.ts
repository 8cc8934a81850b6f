// Frame.io's documented rate limits for the calls rolesync makes (frameio-api.md §7.1), in one
// place: the estimate divides by them and the client's rate budget paces by them. Each operation
// has its own leaky bucket per (account, user), so the write classes run side by side.

/** Every documented limit is per window of this length. */
export const RATE_WINDOW_MS = 60_000;

/** The write endpoint classes of a plan, as counted in `PlanEstimate.calls`. */
export type WriteClass = 'account_role_patch' | 'workspace_role_patch' | 'workspace_user_delete';

export interface RateLimit {
  /** Calls allowed per `RATE_WINDOW_MS`. */
  limit: number;
  /** The HTTP call, for logs. */
  endpoint: string;
  /** Plural noun for "10 role updates at once, then 10 a minute". */
  unit: string;
}

export const WRITE_LIMITS: Readonly<Record<WriteClass, RateLimit>> = {
  account_role_patch: { limit: 10, endpoint: 'PATCH /v4/accounts/{account_id}/users/{user_id}', unit: 'account role updates' },
  workspace_role_patch: { limit: 10, endpoint: 'PATCH /v4/accounts/{account_id}/workspaces/{workspace_id}/users/{user_id}', unit: 'role updates' },
  workspace_user_delete: { limit: 60, endpoint: 'DELETE /v4/accounts/{account_id}/workspaces/{workspace_id}/users/{user_id}', unit: 'removals' },
};

/** Every read rolesync makes (me, accounts, users, workspaces, workspace users): 100 per window. */
export const READ_LIMIT = 100;

/** Fixed order for reports and tie-breaks. */
export const WRITE_CLASSES: readonly WriteClass[] = ['account_role_patch', 'workspace_role_patch', 'workspace_user_delete'];
