import "server-only";
import { eq } from "drizzle-orm";
import { getDb } from "../db/client";
import { toolVersions } from "../db/schema";
import type { Actor } from "./actor";
import { requireAdmin } from "./maintained-tool";

/** How many versions wait for an admin's review (the badge beside Admin in the navigation). */
export async function countPendingReviews({ actor }: { actor: Actor | null }) {
  requireAdmin(actor);
  return { count: await getDb().$count(toolVersions, eq(toolVersions.state, "in_review")) };
}
