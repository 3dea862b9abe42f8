/**
 * `npm start` with several processes (WEB_CONCURRENCY): a session opened on one process is valid on
 * the others (sessions live in the database), and the embedded PGlite stays one process.
 * Starts the real app (scripts/start.ts, which builds it first when needed) on a free port.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { DEMO_PASSWORD } from "@db/demo/clusters";

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

interface Reply {
  status: number;
  worker: string | undefined;
  cookies: string[];
  body: string;
  location?: string;
}

/** One request on a NEW connection (no keep-alive), so the cluster hands it to the next process. */
function request(port: number, method: string, pathname: string, headers: Record<string, string> = {}, body?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, method, path: pathname, agent: false, headers: { connection: "close", ...(body === undefined ? {} : { "content-length": String(Buffer.byteLength(body)) }), ...headers } }, (res) => {
      let data = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (data += c));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, worker: res.headers["x-worker"] as string | undefined, cookies: res.headers["set-cookie"] ?? [], body: data, location: res.headers.location }),
      );
    });
    req.on("error", reject);
    if (body) req.write(body);
    req.end();
  });
}

async function startApp(env: Record<string, string>, port: number): Promise<{ child: ChildProcess; log: () => string }> {
  let log = "";
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", APP_URL: `http://127.0.0.1:${port}`, NODE_ENV: "test", ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  child.stdout!.on("data", (d: Buffer) => (log += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (log += d.toString()));
  const deadline = Date.now() + 150_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the app exited:\n${log}`);
    const ok = await request(port, "GET", "/healthz").then((r) => r.status === 200, () => false);
    if (ok) return { child, log: () => log };
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the app did not start:\n${log}`);
}

async function stopApp(child: ChildProcess) {
  if (child.exitCode !== null || !child.pid) return;
  const exited = new Promise((r) => child.once("exit", r));
  process.kill(-child.pid, "SIGTERM");
  await Promise.race([exited, new Promise((r) => setTimeout(r, 8000))]);
  if (child.exitCode === null) process.kill(-child.pid, "SIGKILL");
}

async function signIn(port: number, email: string): Promise<string> {
  const res = await request(
    port,
    "POST",
    "/login",
    { "content-type": "application/x-www-form-urlencoded", origin: `http://127.0.0.1:${port}` },
    new URLSearchParams({ email, password: DEMO_PASSWORD, redirectTo: "/account" }).toString(),
  );
  expect(res.status, res.body.slice(0, 300)).toBe(302);
  const cookie = res.cookies.find((c) => c.startsWith("maillage_session="));
  expect(cookie).toBeTruthy();
  return cookie!.split(";")[0];
}

describe.runIf(process.env.TEST_DB === "postgres")("several app processes on PostgreSQL (WEB_CONCURRENCY=2)", () => {
  const name = `maillage_mp_${process.pid}_${Math.random().toString(36).slice(2, 6)}`;
  const admin = postgres(process.env.TEST_DATABASE_URL!, { max: 1, onnotice: () => {} });
  let app: Awaited<ReturnType<typeof startApp>> | undefined;
  let port = 0;

  beforeAll(async () => {
    await admin.unsafe(`CREATE DATABASE "${name}"`);
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.pathname = `/${name}`;
    port = await freePort();
    // NODE_ENV=test: the empty database gets the demo accounts
    app = await startApp({ DATABASE_URL: url.toString(), WEB_CONCURRENCY: "2", WORKER: "off" }, port);
  }, 180_000);

  afterAll(async () => {
    if (app) await stopApp(app.child);
    await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  });

  it("serves from two processes, and a session opened on one is valid on the other", async () => {
    // wait until both processes answer (the second may still be starting)
    const seen = new Set<string>();
    for (let i = 0; i < 200 && seen.size < 2; i++) {
      const r = await request(port, "GET", "/healthz");
      if (r.worker) seen.add(r.worker);
    }
    expect(seen.size, app!.log()).toBe(2);

    const cookie = await signIn(port, "coordination@maillage.example");
    const byWorker = new Map<string, number>();
    for (let i = 0; i < 12; i++) {
      const res = await request(port, "GET", "/account", { cookie });
      expect(res.status, `request ${i} on process ${res.worker}: ${res.location ?? ""}`).toBe(200);
      expect(res.body).toContain("coordination@maillage.example");
      byWorker.set(res.worker!, (byWorker.get(res.worker!) ?? 0) + 1);
    }
    // every request of the signed-in user was served, by both processes
    expect([...byWorker.keys()].sort()).toEqual([...seen].sort());

    // signing out on one process ends the session on all of them
    const out = await request(port, "POST", "/logout", { cookie, origin: `http://127.0.0.1:${port}`, "content-type": "application/x-www-form-urlencoded" }, "");
    expect(out.status).toBeLessThan(400);
    for (let i = 0; i < 4; i++) {
      const res = await request(port, "GET", "/account", { cookie });
      expect(res.status).toBe(302);
      expect(res.location).toMatch(/^\/login/);
    }
  }, 60_000);
});

describe.runIf(process.env.TEST_DB !== "postgres")("the embedded PGlite stays one process", () => {
  it("runs one process whatever WEB_CONCURRENCY asks, and says so", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "maillage-mp-"));
    const port = await freePort();
    const app = await startApp({ DATABASE_URL: "", PGLITE_DIR: path.join(dir, "pglite"), MAIL_DIR: path.join(dir, "mail"), WEB_CONCURRENCY: "4", WORKER: "off" }, port);
    try {
      const workers = new Set<string>();
      for (let i = 0; i < 8; i++) workers.add((await request(port, "GET", "/healthz")).worker ?? "");
      expect(workers.size).toBe(1);
      expect(app.log()).toContain("PGlite");
      expect(app.log()).not.toContain("starting 4 processes");
    } finally {
      await stopApp(app.child);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
