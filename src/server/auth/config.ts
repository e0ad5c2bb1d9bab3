import "server-only";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { cookies } from "next/headers";
import { env } from "@/env";
import { SESSION_MAX_AGE_SECONDS } from "@/lib/domain";
import { safeReturnPath } from "@/lib/return-path";
import { CLIENT_ADDRESS_HEADER } from "../http/trusted-request";
import { authenticateUser } from "../services/authenticate-user";
import { endSession } from "../services/end-session";
import { loadActor } from "../services/load-actor";
import { componentLogger } from "@/server/observability/logger";

const log = componentLogger("auth");

/** Carries the refusal reason to the login form: "invalid", "inactive" or "locked:<minutes>". */
export class LoginRefused extends CredentialsSignin {
  constructor(code: string) {
    super();
    this.code = code;
  }
}

declare module "next-auth" {
  interface User {
    sessionVersion?: number;
    sessionId?: string;
  }
}

/** The browser's "has signed in here before" cookie (services/login-throttle.ts). */
export const DEVICE_COOKIE = "skriptoteket-device";
const DEVICE_COOKIE_MAX_AGE_SECONDS = 365 * 24 * 60 * 60;

function cookieValue(header: string | null, name: string): string | null {
  for (const part of (header ?? "").split(";")) {
    const index = part.indexOf("=");
    if (index > 0 && part.slice(0, index).trim() === name) return decodeURIComponent(part.slice(index + 1).trim());
  }
  return null;
}

export const { handlers, auth, signIn, signOut } = NextAuth({
  // Behind `next start` there is no Vercel-style host header to trust implicitly. The forwarded
  // headers next-auth builds its URLs from are vouched for by src/cli/web.ts (TRUST_PROXY_HOPS).
  trustHost: true,
  secret: env.AUTH_SECRET,
  pages: { signIn: "/login" },
  // Credentials logins require JWT sessions; the token holds only the user id, the session id
  // and the session version, and everything else is read from the database per request (see
  // load-actor.ts), including whether the session still exists.
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
  providers: [
    Credentials({
      credentials: { email: {}, password: {} },
      authorize: async (credentials, request) => {
        const result = await authenticateUser({
          email: credentials.email,
          password: credentials.password,
          clientAddress: request.headers.get(CLIENT_ADDRESS_HEADER) ?? "unknown",
          deviceToken: cookieValue(request.headers.get("cookie"), DEVICE_COOKIE),
        });
        if (!result.ok) throw new LoginRefused(result.reason === "locked" ? `locked:${result.minutesLeft}` : result.reason);
        if (result.deviceToken) {
          (await cookies()).set(DEVICE_COOKIE, result.deviceToken, {
            httpOnly: true,
            sameSite: "lax",
            path: "/",
            secure: new URL(request.url).protocol === "https:",
            maxAge: DEVICE_COOKIE_MAX_AGE_SECONDS,
          });
        }
        return { id: result.userId, sessionVersion: result.sessionVersion, sessionId: result.sessionId };
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user }) {
      if (user) return { sub: user.id, sv: user.sessionVersion, sid: user.sessionId };
      // A refresh (/api/auth/session) of a session that was signed out, or whose user was
      // deactivated: null makes next-auth clear the cookie instead of renewing it.
      const live =
        typeof token.sub === "string" &&
        typeof token.sv === "number" &&
        typeof token.sid === "string" &&
        (await loadActor({ userId: token.sub, sessionVersion: token.sv, sessionId: token.sid }));
      return live ? token : null;
    },
    session({ session, token }) {
      return { ...session, userId: token.sub, sessionVersion: token.sv };
    },
    // Every redirect next-auth makes (after sign-in, sign-out, errors) stays on this site.
    redirect({ url, baseUrl }) {
      let path: string | null = null;
      try {
        const parsed = new URL(url, baseUrl);
        if (parsed.origin === new URL(baseUrl).origin) path = `${parsed.pathname}${parsed.search}${parsed.hash}`;
      } catch {
        path = null;
      }
      return `${baseUrl}${safeReturnPath(path ?? "")}`;
    },
  },
  events: {
    async signOut(message) {
      if ("token" in message) await endSession(message.token?.sid);
    },
  },
  logger: {
    // A wrong password is not a server error; everything else still reaches the log.
    error(error) {
      if (error instanceof CredentialsSignin || (error as { type?: string }).type === "CredentialsSignin") return;
      log.error({ err: error }, "authentication error");
    },
  },
});
