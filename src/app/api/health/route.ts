import { getCurrentActor } from "@/server/auth/current-actor";
import { getSystemHealth } from "@/server/services/get-system-health";

export const dynamic = "force-dynamic";

export async function GET() {
  const health = await getSystemHealth({ actor: await getCurrentActor() });
  return Response.json(health, { status: health.status === "down" ? 503 : 200, headers: { "Cache-Control": "no-store" } });
}
