/**
 * `npm start`: build if needed, migrate, seed demo data on an empty database (never when
 * NODE_ENV=production), start the background jobs, and serve on PORT (default 3000).
 */
import { execSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { getDbHandle, closeDb } from "@db/client.server";
import { isDatabaseEmpty, seedDemo } from "@db/demo/seed";
import { isProduction } from "~/modules/config.server";
import { startBackgroundJobs } from "~/modules/jobs/scheduler.server";
import { createApp } from "./server";

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

function buildIfNeeded() {
  const out = path.resolve("build/index.js");
  const stale =
    !fs.existsSync(out) ||
    (process.env.SKIP_BUILD_CHECK !== "1" &&
      Math.max(newestMtime("app"), newestMtime("db"), fs.statSync("remix.config.js").mtimeMs) > fs.statSync(out).mtimeMs);
  if (stale) {
    console.log("[maillage] building the app…");
    execSync("npx remix build", { stdio: "inherit" });
  }
}

async function main() {
  const started = Date.now();
  buildIfNeeded();
  const handle = getDbHandle();
  await handle.migrate();
  console.log(`[maillage] database ready (${handle.describe})`);
  if (!isProduction() && (await isDatabaseEmpty(handle.db))) {
    await seedDemo(handle.db, (m) => console.log(`[maillage] ${m}`));
  }
  // Background jobs (outbox delivery, re-matching, housekeeping) run in-process unless separate
  // workers (`npm run worker`) do them.
  const stopWorker = process.env.WORKER === "off" ? async () => {} : startBackgroundJobs((m) => console.log(`[maillage] ${m}`));
  const app = await createApp();
  const port = Number(process.env.PORT ?? 3000);
  const host = process.env.HOST ?? "0.0.0.0";
  const server = app.listen(port, host, () => {
    console.log(`[maillage] listening on http://localhost:${port} (ready in ${Date.now() - started} ms)`);
  });
  const shutdown = (signal: string) => {
    console.log(`[maillage] ${signal}: shutting down`);
    server.close(() => void stopWorker().then(closeDb).finally(() => process.exit(0)));
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
}

main().catch((err) => {
  console.error("[maillage] failed to start:", err);
  process.exit(1);
});
