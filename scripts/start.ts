/**
 * `npm start`: build if needed, migrate, seed demo data on an empty database (never when
 * NODE_ENV=production), then serve on PORT (default 3000) with WEB_CONCURRENCY processes (default:
 * one per core; always one with the embedded PGlite), the background jobs running in one of them.
 */
import { execSync } from "node:child_process";
import cluster, { type Worker } from "node:cluster";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { getDbHandle, closeDb } from "@db/client.server";
import { isDatabaseEmpty, seedDemo } from "@db/demo/seed";
import { checkConfig, isProduction, num, setting } from "~/modules/config.server";
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
    (setting("SKIP_BUILD_CHECK") !== "1" &&
      Math.max(newestMtime("app"), newestMtime("db"), fs.statSync("remix.config.js").mtimeMs) > fs.statSync(out).mtimeMs);
  if (stale) {
    console.log("[maillage] building the app…");
    execSync("npx remix build", { stdio: "inherit" });
  }
}

/**
 * How many processes serve HTTP: WEB_CONCURRENCY (a whole number ≥ 1), by default one per core.
 * The embedded PGlite belongs to one process, so with it the app always runs as one process.
 */
function webConcurrency(kind: "pglite" | "postgres", raw = setting("WEB_CONCURRENCY")): { processes: number; note?: string } {
  const cores = typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
  const asked = raw === undefined || raw.trim() === "" ? cores : Number(raw);
  if (!Number.isInteger(asked) || asked < 1) throw new Error(`WEB_CONCURRENCY must be a whole number ≥ 1 (got "${raw}")`);
  if (kind === "pglite" && asked > 1) return { processes: 1, note: "the embedded PGlite database serves one process: running one (set DATABASE_URL=postgres://… for several)" };
  return { processes: asked };
}

/** Serve HTTP in this process; with `jobs`, also run the background jobs here. */
async function serve(jobs: boolean, started: number) {
  // Background jobs (outbox delivery, re-matching, housekeeping) run in exactly one app process
  // unless separate workers (`npm run worker`) do them (WORKER=off).
  const stopJobs = jobs && setting("WORKER") !== "off" ? startBackgroundJobs((m) => console.log(`[maillage] ${m}`)) : async () => {};
  const app = await createApp();
  const port = num("PORT", 3000);
  const host = setting("HOST") ?? "0.0.0.0";
  const who = cluster.isWorker ? ` (process ${cluster.worker!.id}, pid ${process.pid}${jobs ? ", background jobs" : ""})` : "";
  const server = app.listen(port, host, () => {
    console.log(`[maillage] listening on http://localhost:${port}${who} (ready in ${Date.now() - started} ms)`);
  });
  let stopping = false;
  const shutdown = (signal: string) => {
    // Ctrl-C reaches every process of the group, and the primary passes signals on: act once.
    if (stopping) return;
    stopping = true;
    console.log(`[maillage] ${signal}: shutting down${who}`);
    server.close(() => void stopJobs().then(closeDb).finally(() => process.exit(0)));
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
}

/**
 * The primary of a multi-process start: forks the HTTP processes (Node's cluster module shares the
 * port between them), gives the background jobs to exactly one of them, replaces a process that dies
 * (the replacement of the jobs process takes the jobs over) and passes SIGINT/SIGTERM on.
 */
function supervise(processes: number) {
  let stopping = false;
  let jobsWorker: Worker | undefined;
  const fork = (jobs: boolean) => {
    const w = cluster.fork({ MAILLAGE_JOBS: jobs ? "1" : "0" });
    if (jobs) jobsWorker = w;
    return w;
  };
  for (let i = 0; i < processes; i++) fork(i === 0);
  const deaths: number[] = [];
  cluster.on("exit", (w, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    const wasJobs = w === jobsWorker;
    console.error(`[maillage] process ${w.id} (pid ${w.process.pid}) exited (${signal ?? code}); starting another`);
    const now = Date.now();
    deaths.push(now);
    while (deaths.length && deaths[0] < now - 60_000) deaths.shift();
    if (deaths.length > 5 * processes) {
      console.error("[maillage] processes keep dying: giving up");
      process.exit(1);
    }
    setTimeout(() => fork(wasJobs), 500);
  });
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`[maillage] ${signal}: stopping ${processes} processes`);
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill(signal);
    setTimeout(() => process.exit(0), 6000).unref();
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
}

async function main() {
  const started = Date.now();
  if (cluster.isWorker) return serve(process.env.MAILLAGE_JOBS === "1", started);
  checkConfig();
  buildIfNeeded();
  const handle = getDbHandle();
  await handle.migrate();
  console.log(`[maillage] database ready (${handle.describe})`);
  if (!isProduction() && (await isDatabaseEmpty(handle.db))) {
    await seedDemo(handle.db, (m) => console.log(`[maillage] ${m}`));
  }
  const { processes, note } = webConcurrency(handle.kind);
  if (note) console.log(`[maillage] ${note}`);
  if (processes === 1) return serve(true, started);
  // The primary only supervises: it needs no database connection of its own.
  await closeDb();
  console.log(`[maillage] starting ${processes} processes (WEB_CONCURRENCY)`);
  supervise(processes);
}

main().catch((err) => {
  console.error("[maillage] failed to start:", err);
  process.exit(1);
});
