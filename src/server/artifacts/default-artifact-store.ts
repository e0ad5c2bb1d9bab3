import "server-only";
import { env } from "@/env";
import type { ArtifactStore } from "./artifact-store";
import { FilesystemArtifactStore } from "./filesystem-artifact-store";

let store: ArtifactStore | undefined;

/** The process's artifact store: the filesystem under ARTIFACTS_ROOT (the place to choose S3 later). */
export function getArtifactStore(): ArtifactStore {
  store ??= new FilesystemArtifactStore(env.ARTIFACTS_ROOT);
  return store;
}
