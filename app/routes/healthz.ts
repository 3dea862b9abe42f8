import { json } from "@remix-run/node";
import { sql } from "drizzle-orm";
import { getDbHandle } from "@db/client.server";

/** Liveness and database status, for load balancers and monitoring. */
export async function loader() {
  const handle = getDbHandle();
  const started = performance.now();
  try {
    await handle.db.execute(sql`select 1`);
    return json(
      { status: "ok", process: process.pid, database: { kind: handle.kind, status: "up", latencyMs: Math.round((performance.now() - started) * 10) / 10 } },
      { headers: { "Cache-Control": "no-store" } },
    );
  } catch {
    return json({ status: "degraded", database: { kind: handle.kind, status: "down" } }, { status: 503, headers: { "Cache-Control": "no-store" } });
  }
}
