import { index, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Login attempts counted per bucket (an account from one address, one address, one account,
 * one known device) in fixed windows; see services/login-throttle.ts for the rules. Keys are
 * HMACs, so e-mails typed at the login form (often someone's real address, or a password typed
 * into the wrong field) and client addresses are never stored.
 */
export const loginThrottles = pgTable(
  "login_throttles",
  {
    bucket: text("bucket").primaryKey(),
    /** device | pair | address | account (services/login-throttle.ts). */
    kind: text("kind").notNull(),
    /** The account's key (HMAC of the e-mail) for buckets of one account, so an unlock finds them. */
    accountKey: text("account_key"),
    attempts: integer("attempts").notNull().default(0),
    windowEndsAt: timestamp("window_ends_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("login_throttles_account_idx").on(t.accountKey), index("login_throttles_window_idx").on(t.windowEndsAt)],
);
