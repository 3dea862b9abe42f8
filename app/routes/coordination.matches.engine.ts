/**
 * The full computation's status as JSON, polled by the coordinator's pages while a run is asked for
 * or running (percent, counts, result). Coordination only.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { requireUser } from "~/modules/auth/require-user.server";
import { engineStatus } from "~/modules/brokering/engine.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "brokering:queue", hide: true });
  return json(await engineStatus(), { headers: { "Cache-Control": "no-store" } });
}
