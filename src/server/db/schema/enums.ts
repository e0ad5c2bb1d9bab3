import { pgEnum } from "drizzle-orm/pg-core";
import { ROLES, RUN_CONTEXTS, RUN_STATUSES, VERSION_STATES } from "@/lib/domain";

export const roleEnum = pgEnum("role", ROLES);
export const versionStateEnum = pgEnum("version_state", VERSION_STATES);
export const runContextEnum = pgEnum("run_context", RUN_CONTEXTS);
export const runStatusEnum = pgEnum("run_status", RUN_STATUSES);
