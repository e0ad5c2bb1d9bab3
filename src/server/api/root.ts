import "server-only";
import { adminRouter } from "./routers/admin";
import { meRouter } from "./routers/me";
import { runRouter } from "./routers/run";
import { toolRouter } from "./routers/tool";
import { createCallerFactory, createRouter } from "./trpc";

export const appRouter = createRouter({
  admin: adminRouter,
  me: meRouter,
  tool: toolRouter,
  run: runRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
