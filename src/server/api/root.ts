import "server-only";
import { adminRouter } from "./routers/admin";
import { meRouter } from "./routers/me";
import { createCallerFactory, createRouter } from "./trpc";

export const appRouter = createRouter({
  admin: adminRouter,
  me: meRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
