import "server-only";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { env } from "@/env";
import { SESSION_MAX_AGE_SECONDS } from "@/lib/domain";
import { authenticateUser } from "../services/authenticate-user";
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
  }
}

export const { handlers, auth, signIn, signOut } = NextAuth({
  // Behind `next start` there is no Vercel-style host header to trust implicitly.
  trustHost: true,
  secret: env.AUTH_SECRET,
  pages: { signIn: "/login" },
  // Credentials logins require JWT sessions; the token holds only the user id and the session
  // version, and everything else is read from the database per request (see load-actor.ts).
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
  providers: [
    Credentials({
      credentials: { email: {}, password: {} },
      authorize: async (credentials) => {
        const result = await authenticateUser({ email: credentials.email, password: credentials.password });
        if (result.ok) return { id: result.userId, sessionVersion: result.sessionVersion };
        throw new LoginRefused(result.reason === "locked" ? `locked:${result.minutesLeft}` : result.reason);
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) return { sub: user.id, sv: user.sessionVersion };
      return token;
    },
    session({ session, token }) {
      return { ...session, userId: token.sub, sessionVersion: token.sv };
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
