import type { AuditAction } from "./domain";

const LABELS: Record<AuditAction, string> = {
  "user.created": "Konto skapat",
  "user.role_changed": "Roll ändrad",
  "user.deactivated": "Konto inaktiverat",
  "user.reactivated": "Konto aktiverat igen",
  "user.password_changed": "Lösenord bytt",
  "user.unlocked": "Konto upplåst",
  "tool.created": "Verktyg skapat",
  "tool.published": "Verktyg publicerat i katalogen",
  "tool.depublished": "Verktyg avpublicerat",
  "tool.metadata_changed": "Verktygets uppgifter ändrade",
  "tool.maintainer_added": "Underhållare tillagd",
  "tool.maintainer_removed": "Underhållare borttagen",
  "version.submitted": "Version skickad för granskning",
  "version.published": "Version publicerad",
  "version.changes_requested": "Ändringar begärda",
  "version.rolled_back": "Återställd till tidigare version",
  "run.viewed_by_admin": "Administratör öppnade en annans körning",
  "user.data_erased": "Användarens körningar, filer och sessioner raderade",
  "suggestion.created": "Verktygsförslag inskickat",
  "suggestion.accepted": "Verktygsförslag antaget (utkast skapat)",
  "suggestion.declined": "Verktygsförslag avböjt",
};

export function describeAuditAction(action: string): string {
  return (LABELS as Record<string, string>)[action] ?? action;
}
