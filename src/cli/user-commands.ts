import { parseArgs } from "node:util";
import { eq } from "drizzle-orm";
import { closeDb, getDb, setDatabaseUrl } from "@/server/db/client";
import { prepareDatabase } from "@/server/db/prepare-database";
import { users } from "@/server/db/schema";
import { CLI_ACTOR } from "@/server/services/actor";
import { createUser } from "@/server/services/create-user";
import { ServiceError } from "@/server/services/service-error";
import { setUserPassword } from "@/server/services/set-user-password";
import { setUserRole } from "@/server/services/set-user-role";
import { unlockUser } from "@/server/services/unlock-user";
import type { Role } from "@/lib/domain";

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: { email: { type: "string" }, name: { type: "string" }, role: { type: "string" }, password: { type: "string" } },
  });
  const database = await prepareDatabase({ seedDemo: false });
  setDatabaseUrl(database.url);
  try {
    if (command === "user:create") {
      if (!values.email || !values.name || !values.role || !values.password) {
        console.error("Usage: npm run cli -- user:create --email E --name N --role user|contributor|admin --password P");
        return 2;
      }
      const user = await createUser({
        actor: CLI_ACTOR,
        input: { email: values.email, displayName: values.name, role: values.role as Role, password: values.password },
      });
      console.log(`Created ${user.role} ${user.email} (${user.id})`);
      return 0;
    }
    const usage: Record<string, { missing: boolean; text: string }> = {
      "user:unlock": { missing: !values.email, text: "Usage: npm run cli -- user:unlock --email E" },
      "user:set-password": { missing: !values.email || !values.password, text: "Usage: npm run cli -- user:set-password --email E --password P" },
      "user:set-role": { missing: !values.email || !values.role, text: "Usage: npm run cli -- user:set-role --email E --role user|contributor|admin" },
    };
    const check = command ? usage[command] : undefined;
    if (!check || check.missing) {
      console.error(check?.text ?? usage["user:set-role"]!.text);
      return 2;
    }
    const [user] = await getDb().select({ id: users.id }).from(users).where(eq(users.email, values.email!.trim().toLowerCase()));
    if (!user) {
      console.error(`No account with e-mail ${values.email}`);
      return 1;
    }
    if (command === "user:unlock") {
      await unlockUser({ actor: CLI_ACTOR, input: { userId: user.id } });
      console.log(`${values.email} is unlocked: every login limit on it is lifted`);
      return 0;
    }
    if (command === "user:set-password") {
      // The password itself is never printed or logged; the audit event records only that it changed.
      await setUserPassword({ actor: CLI_ACTOR, input: { userId: user.id, password: values.password! } });
      console.log(`${values.email} has a new password; every session of theirs has ended`);
      return 0;
    }
    await setUserRole({ actor: CLI_ACTOR, input: { userId: user.id, role: values.role as Role } });
    console.log(`${values.email} is now ${values.role}`);
    return 0;
  } catch (error) {
    if (error instanceof ServiceError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  } finally {
    await closeDb();
    await database.stop();
  }
}
