import "server-only";
import { adminRouter } from "./routers/admin";
import { meRouter } from "./routers/me";
import { myToolsRouter } from "./routers/my-tools";
import { reviewRouter } from "./routers/review";
import { runRouter } from "./routers/run";
import { suggestionRouter } from "./routers/suggestion";
import { toolRouter } from "./routers/tool";
import { toolAdminRouter } from "./routers/tool-admin";
import { versionRouter } from "./routers/version";
import { createCallerFactory, createRouter } from "./trpc";

export const appRouter = createRouter({
  admin: adminRouter,
  me: meRouter,
  tool: toolRouter,
  run: runRouter,
  myTools: myToolsRouter,
  version: versionRouter,
  review: reviewRouter,
  toolAdmin: toolAdminRouter,
  suggestion: suggestionRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
