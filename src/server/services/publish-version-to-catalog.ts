import "server-only";
import { publishVersionToCatalogInput, type PublishVersionToCatalogInput } from "@/lib/version-schemas";
import type { Actor } from "./actor";
import { loadToolForAdmin, requireAdmin, withLockedVersion } from "./maintained-tool";
import { parseInput } from "./parse-input";
import { publishReviewedVersion } from "./publish-version";
import { ServiceError } from "./service-error";
import { writeToolPublished } from "./set-tool-published";
import { writeToolMetadata } from "./update-tool-metadata";

/**
 * Publicera on the review page of a tool teachers cannot see yet (admin): the reviewed version
 * becomes active, the tool gets the slug and taxonomy the admin settled on, and it is shown in
 * the Katalog — one transaction under the tool's row lock, composed of the three steps that also
 * stand alone (Publicera, Uppgifter i katalogen, Publicera i katalogen), each with its own rules
 * and audit event. Any refusal (a slug taken, no category) rolls all of it back.
 */
export async function publishVersionToCatalog({ actor, input }: { actor: Actor | null; input: PublishVersionToCatalogInput }) {
  const admin = requireAdmin(actor);
  const data = parseInput(publishVersionToCatalogInput, input);
  return withLockedVersion(data.versionId, async (tx, tool, version) => {
    // Shown in the meantime (another admin, another tab): the entry is frozen while the tool is
    // published, so this step no longer fits; the page, reloaded, offers the plain Publicera.
    if (tool.isPublished) {
      throw new ServiceError("CONFLICT", "Verktyget syns redan i katalogen, så adress och kategorier ändras inte här. Ladda om sidan och publicera versionen.");
    }
    const published = await publishReviewedVersion(tx, { admin, tool, version });
    await writeToolMetadata(tx, {
      admin,
      tool,
      data: { slug: data.slug, title: tool.title, summary: tool.summary, professions: data.professions, categories: data.categories },
    });
    // Re-read under the lock this transaction holds: the steps above changed the active version and slug.
    const shown = await writeToolPublished(tx, { admin, tool: await loadToolForAdmin(tx, tool.id), published: true });
    return { ...published, slug: data.slug, isPublished: shown.isPublished };
  });
}
