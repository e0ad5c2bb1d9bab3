import { z } from "zod";
import { PASSWORD_MIN_LENGTH, ROLES } from "./domain";

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: "Skriv en giltig e-postadress." }));

export const passwordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, { error: `Lösenordet måste ha minst ${PASSWORD_MIN_LENGTH} tecken.` })
  .max(200, { error: "Lösenordet är för långt (högst 200 tecken)." });

export const roleSchema = z.enum(ROLES, { error: "Välj en roll." });

export const createUserInput = z.object({
  email: emailSchema,
  displayName: z.string().trim().min(1, { error: "Skriv ett namn." }).max(200),
  role: roleSchema,
  password: passwordSchema,
});
export type CreateUserInput = z.infer<typeof createUserInput>;

export const listUsersInput = z.object({
  query: z.string().trim().max(200).optional(),
  page: z.number().int().min(1).default(1),
});

export const setUserRoleInput = z.object({ userId: z.uuid(), role: roleSchema });
export const setUserActiveInput = z.object({ userId: z.uuid(), active: z.boolean() });
export const setUserPasswordInput = z.object({ userId: z.uuid(), password: passwordSchema });

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Ange ett datum som ÅÅÅÅ-MM-DD.");
/** Händelselogg: a page, filtered by kind of action, by who did it and by date (days inclusive). */
export const listAuditEventsInput = z.object({
  page: z.number().int().min(1).default(1),
  action: z.string().max(64).optional(),
  actorId: z.uuid().optional(),
  from: isoDay.optional(),
  to: isoDay.optional(),
});
export const unlockUserInput = z.object({ userId: z.uuid() });

/** Radera uppgifter: everything stored about the user's use of Skriptoteket. */
export const eraseUserDataInput = z.object({ userId: z.uuid() });
export const displayNameSchema = z.string().trim().min(1, { error: "Skriv ett namn." }).max(200, { error: "Namnet är för långt (högst 200 tecken)." });
export const updateProfileInput = z.object({ displayName: displayNameSchema });
export const changeOwnPasswordInput = z.object({
  currentPassword: z.string().min(1, { error: "Skriv ditt nuvarande lösenord." }).max(200),
  newPassword: passwordSchema,
});
export const setUserPasswordByEmailInput = z.object({ email: emailSchema, password: passwordSchema });
