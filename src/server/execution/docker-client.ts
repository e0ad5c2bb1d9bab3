import "server-only";
import Docker from "dockerode";
import { env } from "@/env";

/**
 * The one Dockerode client of the process. Only worker-side code (execution/) may import it:
 * the web process never touches the Docker socket. Functions that talk to Docker take a
 * `docker` parameter defaulting to this, so tests and tools can pass another daemon.
 */
export const docker: Docker = new Docker({ socketPath: env.DOCKER_SOCKET_PATH });

export type DockerClient = Docker;

