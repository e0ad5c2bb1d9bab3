import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

/**
 * The layer boundaries of ARCHITECTURE.md live here, so they are checked, not remembered:
 * pages → trpc, components, lib · routers → services, lib · services → db, lib, execution and
 * artifact interfaces · components never import server code · only env.ts reads process.env.
 */
// Type-only imports (e.g. the tRPC router type) are fine: they vanish at build.
const serverOnly = (message) => ({ group: ["@/server/*", "@/server/**", "**/server/**"], message, allowTypeImports: true });

const config = [
  ...nextVitals,
  ...nextTypescript,
  { ignores: [".next/**", "node_modules/**", ".data/**", "drizzle/**", "runner-image/**", "test-results/**", "playwright-report/**", "next-env.d.ts"] },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["src/**/*.{ts,tsx}"],
    ignores: ["src/env.ts"],
    rules: {
      "no-restricted-properties": ["error", { object: "process", property: "env", message: "Read settings from src/env.ts." }],
    },
  },
  {
    files: ["src/app/**/*.{ts,tsx}"],
    ignores: ["src/app/api/**", "src/app/**/actions.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [serverOnly("Pages reach the server through @/trpc (server caller, session) only."), { group: ["drizzle-orm", "drizzle-orm/*", "dockerode", "postgres"], message: "No SQL or Docker in pages." }] }],
    },
  },
  {
    files: ["src/app/api/**/*.ts", "src/app/**/actions.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["@/server/db/*", "@/server/db/**", "@/server/execution/*", "@/server/execution/**", "drizzle-orm", "drizzle-orm/*", "dockerode", "postgres"], message: "Route handlers and actions call services; no SQL or Docker here." }] }],
    },
  },
  {
    files: ["src/components/**/*.{ts,tsx}", "src/lib/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [serverOnly("Components and lib are isomorphic: never import server code."), { group: ["@/trpc/server", "@/trpc/session", "drizzle-orm", "drizzle-orm/*", "dockerode", "postgres", "node:*"], message: "Components and lib are isomorphic." }] }],
    },
  },
  {
    files: ["src/server/api/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["**/db/*", "**/db/**", "**/execution/*", "**/execution/**", "drizzle-orm", "drizzle-orm/*", "dockerode", "postgres"], message: "Routers validate, call a service and map errors: no SQL or Docker." }] }],
    },
  },
  {
    files: ["src/server/services/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["dockerode", "**/execution/docker-*", "**/execution/worker*", "**/api/*", "**/api/**", "@trpc/*"], message: "Services use the execution interfaces, never Docker or tRPC." }] }],
    },
  },
];

export default config;
