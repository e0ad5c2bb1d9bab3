/** What the paged, searchable lists (Katalog, Mina körningar, users, audit log) share. */

/** `%term%` for ILIKE, with the user's own % and _ taken literally. */
export function likePattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Rows to skip to show 1-based `page`. */
export function pageOffset(page: number, pageSize: number): number {
  return (page - 1) * pageSize;
}
