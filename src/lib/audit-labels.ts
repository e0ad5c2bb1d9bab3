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

type Json = Record<string, unknown> | null;

/** An audit event with its people and things already named (list-audit-events resolves the ids). */
export type NamedAuditEvent = {
  action: string;
  actorName: string | null;
  /** The user or tool the event is about, by name; null when it no longer exists. */
  targetName: string | null;
  /** For tool events about a person (maintainer added/removed): that person's name. */
  personName: string | null;
  before: unknown;
  after: unknown;
};

const ROLE_WORDS: Record<string, string> = { user: "användare", contributor: "bidragsgivare", admin: "administratör" };
const FIELD_WORDS: Record<string, string> = { slug: "adress", title: "titel", summary: "sammanfattning", professions: "yrkesroller", categories: "kategorier" };

/** "Anna Admin publicerade version 2 av Gruppindelning": who did what to which tool or user, in words. */
export function describeAuditEvent(event: NamedAuditEvent): string {
  const who = event.actorName ?? "Kommandoraden";
  const target = event.targetName ?? "(borttagen)";
  const before = (event.before ?? null) as Json;
  const after = (event.after ?? null) as Json;
  const version = after?.versionNumber ?? after?.activeVersionNumber;
  const role = (value: unknown) => ROLE_WORDS[String(value)] ?? String(value);
  switch (event.action) {
    case "user.created":
      return `${who} skapade kontot för ${target} (${role(after?.role)})`;
    case "user.role_changed":
      return `${who} ändrade rollen för ${target} från ${role(before?.role)} till ${role(after?.role)}`;
    case "user.deactivated":
      return `${who} inaktiverade kontot för ${target}`;
    case "user.reactivated":
      return `${who} aktiverade kontot för ${target} igen`;
    case "user.password_changed":
      return `${who} bytte lösenord för ${target}`;
    case "user.unlocked":
      return `${who} låste upp kontot för ${target}`;
    case "user.data_erased":
      return `${who} raderade körningar, filer och sessioner för ${target}`;
    case "tool.created":
      return `${who} skapade verktyget ${target}`;
    case "tool.published":
      return `${who} publicerade ${target} i katalogen`;
    case "tool.depublished":
      return `${who} avpublicerade ${target}`;
    case "tool.metadata_changed": {
      const fields = Object.keys(after ?? {}).map((key) => FIELD_WORDS[key] ?? key);
      return `${who} ändrade ${fields.length ? fields.join(", ") : "uppgifterna"} för ${target}`;
    }
    case "tool.maintainer_added":
      return `${who} lade till ${event.personName ?? "en underhållare"} som underhållare av ${target}`;
    case "tool.maintainer_removed":
      return `${who} tog bort ${event.personName ?? "en underhållare"} som underhållare av ${target}`;
    case "version.submitted":
      return `${who} skickade version ${version ?? "?"} av ${target} för granskning`;
    case "version.published":
      return `${who} publicerade version ${version ?? "?"} av ${target}`;
    case "version.changes_requested":
      return `${who} begärde ändringar i version ${version ?? "?"} av ${target}`;
    case "version.rolled_back":
      return `${who} återställde ${target} till version ${version ?? "?"}`;
    case "run.viewed_by_admin":
      return `${who} öppnade ${event.personName ? `${event.personName}s` : "en annans"} körning av ${target}`;
    default:
      return `${who}: ${describeAuditAction(event.action)}`;
  }
}

export const AUDIT_ACTION_OPTIONS = Object.entries(LABELS).map(([value, label]) => ({ value, label }));
