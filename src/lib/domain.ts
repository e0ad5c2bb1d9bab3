/**
 * The domain's fixed vocabularies, shared by the database enums (pgEnum), zod schemas and the
 * UI. Add a value here and generate a migration; never reorder (Postgres enums are ordered).
 */

export const ROLES = ["user", "contributor", "admin"] as const;
export type Role = (typeof ROLES)[number];

const ROLE_RANK: Record<Role, number> = { user: 0, contributor: 1, admin: 2 };

/** A higher role can do everything a lower one can (DOMAIN.md, Roles). */
export function hasRole(actual: Role, required: Role): boolean {
  return ROLE_RANK[actual] >= ROLE_RANK[required];
}

export const ROLE_LABELS: Record<Role, string> = {
  user: "Användare",
  contributor: "Bidragsgivare",
  admin: "Administratör",
};

export const VERSION_STATES = ["draft", "in_review", "active", "archived"] as const;
export type VersionState = (typeof VERSION_STATES)[number];

export const RUN_CONTEXTS = ["sandbox", "production"] as const;
export type RunContext = (typeof RUN_CONTEXTS)[number];

export const RUN_STATUSES = ["queued", "running", "succeeded", "failed", "timed_out", "cancelled"] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export const FINISHED_RUN_STATUSES: readonly RunStatus[] = ["succeeded", "failed", "timed_out", "cancelled"];

export const AUDIT_ACTIONS = [
  "user.created",
  "user.role_changed",
  "user.deactivated",
  "user.reactivated",
  "user.password_changed",
  "user.unlocked",
  "tool.created",
  "tool.published",
  "tool.depublished",
  "tool.metadata_changed",
  "tool.maintainer_added",
  "tool.maintainer_removed",
  "version.submitted",
  "version.published",
  "version.changes_requested",
  "version.rolled_back",
  "run.viewed_by_admin",
  "user.data_erased",
  "suggestion.created",
  "suggestion.accepted",
  "suggestion.declined",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Seeded taxonomy (DOMAIN.md, Tool). Slugs are stable identifiers; labels are shown. */
export const PROFESSIONS = [
  { slug: "larare", label: "Lärare" },
  { slug: "specialpedagog", label: "Specialpedagog" },
  { slug: "skoladministrator", label: "Skoladministratör" },
  { slug: "rektor", label: "Rektor" },
  { slug: "gemensamt", label: "Gemensamt" },
] as const;

export const CATEGORIES = [
  { slug: "lektionsplanering", label: "Lektionsplanering" },
  { slug: "mentorskap", label: "Mentorskap" },
  { slug: "administration", label: "Administration" },
  { slug: "ovrigt", label: "Övrigt" },
] as const;

export const TOOL_SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export const PASSWORD_MIN_LENGTH = 8;
/**
 * Login throttling (services/login-throttle.ts): attempts are counted in windows of
 * LOCKOUT_MINUTES. One browser may try one account MAX_FAILED_LOGINS times per window (an
 * account from one client address, or from one known device); one client address may fail
 * MAX_FAILED_LOGINS_PER_ADDRESS times across all accounts; an account may be tried
 * MAX_FAILED_LOGINS_PER_ACCOUNT times from browsers it has never signed in on.
 */
export const MAX_FAILED_LOGINS = 5;
export const MAX_FAILED_LOGINS_PER_ADDRESS = 30;
export const MAX_FAILED_LOGINS_PER_ACCOUNT = 20;
export const LOCKOUT_MINUTES = 15;
export const SESSION_MAX_AGE_SECONDS = 7 * 24 * 60 * 60;
