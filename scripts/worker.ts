/**
 * `npm run worker`: the background jobs (outbox delivery, re-matching, housekeeping) on their own (PostgreSQL only: the embedded database
 * belongs to the app process, which runs its own worker). Run as many as you like: SKIP LOCKED keeps
 * them from sending the same message twice. Set WORKER=off on app processes when you run these.
 */
import { closeDb, getDbHandle } from "@db/client.server";
import { checkConfig } from "~/modules/config.server";
import { startBackgroundJobs } from "~/modules/jobs/scheduler.server";

checkConfig();
const handle = getDbHandle();
if (handle.kind !== "postgres") {
  console.error("npm run worker needs DATABASE_URL=postgres://…; with the embedded database the app runs the worker itself.");
  process.exit(2);
}
await handle.migrate();
const stop = startBackgroundJobs((m) => console.log(`[worker] ${m}`));
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    void stop().then(closeDb).then(() => process.exit(0));
  });
}
