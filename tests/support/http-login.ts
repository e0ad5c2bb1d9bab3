/**
 * Login attempts over HTTP against next-auth's credentials endpoint, as a browser (or an
 * attacker's script) makes them: with a cookie jar, a client address (X-Forwarded-For, which
 * only a server configured with TRUST_PROXY_HOPS believes) and a callbackUrl.
 */
export class CookieJar {
  readonly cookies = new Map<string, string>();

  keep(response: Response) {
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(";");
      const [name, ...value] = pair!.split("=");
      const expired = /max-age=0|expires=thu, 01 jan 1970/i.test(cookie);
      if (expired || value.join("=") === "") this.cookies.delete(name!.trim());
      else this.cookies.set(name!.trim(), value.join("="));
    }
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  sessionToken(): string | undefined {
    return [...this.cookies].find(([name]) => name.includes("session-token"))?.[1];
  }

  /** A jar holding only this jar's session cookie (a copy saved by someone). */
  sessionOnly(): CookieJar {
    const copy = new CookieJar();
    for (const [name, value] of this.cookies) if (name.includes("session-token")) copy.cookies.set(name, value);
    return copy;
  }
}

export type LoginOutcome = { ok: boolean; code: string | null; location: string | null; status: number };

export async function attemptLogin(
  baseUrl: string,
  credentials: { email: string; password: string },
  options: { jar?: CookieJar; address?: string; callbackUrl?: string } = {},
): Promise<LoginOutcome> {
  const jar = options.jar ?? new CookieJar();
  const forwarded: Record<string, string> = options.address ? { "x-forwarded-for": options.address } : {};
  const csrfResponse = await fetch(`${baseUrl}/api/auth/csrf`, { headers: { cookie: jar.header(), ...forwarded } });
  jar.keep(csrfResponse);
  const { csrfToken } = (await csrfResponse.json()) as { csrfToken: string };
  const response = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.header(), origin: baseUrl, ...forwarded },
    body: new URLSearchParams({ csrfToken, ...credentials, callbackUrl: options.callbackUrl ?? `${baseUrl}/tools` }),
  });
  jar.keep(response);
  const location = response.headers.get("location");
  const code = location ? new URL(location, baseUrl).searchParams.get("code") : null;
  const newSession = response.headers.getSetCookie().some((cookie) => cookie.includes("session-token=") && !/max-age=0/i.test(cookie));
  return { ok: !code && newSession, code, location, status: response.status };
}

/** Signs out the way the app's button does in the end: next-auth's sign-out endpoint. */
export async function signOutOverHttp(baseUrl: string, jar: CookieJar): Promise<void> {
  const csrfResponse = await fetch(`${baseUrl}/api/auth/csrf`, { headers: { cookie: jar.header() } });
  jar.keep(csrfResponse);
  const { csrfToken } = (await csrfResponse.json()) as { csrfToken: string };
  const response = await fetch(`${baseUrl}/api/auth/signout`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.header(), origin: baseUrl },
    body: new URLSearchParams({ csrfToken, callbackUrl: "/login" }),
  });
  jar.keep(response);
}
