import { createUserInput, eraseUserDataInput, listAuditEventsInput, listUsersInput, setUserActiveInput, setUserPasswordInput, setUserRoleInput, unlockUserInput } from "@/lib/user-schemas";
import { createUser } from "../../services/create-user";
import { getDriftOverview } from "../../services/get-drift-overview";
import { eraseUserData } from "../../services/erase-user-data";
import { listAuditEvents } from "../../services/list-audit-events";
import { listUsers } from "../../services/list-users";
import { setUserActive } from "../../services/set-user-active";
import { setUserPassword } from "../../services/set-user-password";
import { setUserRole } from "../../services/set-user-role";
import { unlockUser } from "../../services/unlock-user";
import { adminProcedure, createRouter } from "../trpc";

export const adminRouter = createRouter({
  listUsers: adminProcedure.input(listUsersInput).query(({ ctx, input }) => listUsers({ actor: ctx.actor, input })),
  createUser: adminProcedure.input(createUserInput).mutation(({ ctx, input }) => createUser({ actor: ctx.actor, input })),
  setUserRole: adminProcedure.input(setUserRoleInput).mutation(({ ctx, input }) => setUserRole({ actor: ctx.actor, input })),
  setUserActive: adminProcedure.input(setUserActiveInput).mutation(({ ctx, input }) => setUserActive({ actor: ctx.actor, input })),
  setUserPassword: adminProcedure.input(setUserPasswordInput).mutation(({ ctx, input }) => setUserPassword({ actor: ctx.actor, input })),
  unlockUser: adminProcedure.input(unlockUserInput).mutation(({ ctx, input }) => unlockUser({ actor: ctx.actor, input })),
  getDrift: adminProcedure.query(({ ctx }) => getDriftOverview({ actor: ctx.actor })),
  eraseUserData: adminProcedure.input(eraseUserDataInput).mutation(({ ctx, input }) => eraseUserData({ actor: ctx.actor, input })),
  listAuditEvents: adminProcedure.input(listAuditEventsInput).query(({ ctx, input }) => listAuditEvents({ actor: ctx.actor, input })),
});
