/**
 * Postgres text and jsonb cannot hold U+0000, and a tool may print or return one (hostile or
 * not). Replace it with U+FFFD everywhere before storing, keys included.
 */
export function postgresSafeText(text: string): string {
  return text.includes("\u0000") ? text.replaceAll("\u0000", "\uFFFD") : text;
}

export function postgresSafeJson<T>(value: T): T {
  if (typeof value === "string") return postgresSafeText(value) as T;
  if (Array.isArray(value)) return value.map((item) => postgresSafeJson(item)) as T;
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [postgresSafeText(key), postgresSafeJson(item)])) as T;
  }
  return value;
}
