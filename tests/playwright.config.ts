import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig, devices } from "@playwright/test";

/**
 * Browser tests drive the real built app (`npm start` path: build, migrate, seed) on a fresh
 * embedded database, in Debian's Chromium when present (no browser download needed).
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://localhost:${port}`;
const tmp = path.join(root, `tests/.tmp/e2e-${port}`);
const systemChromium = "/usr/bin/chromium";

export default defineConfig({
  testDir: "./e2e",
  outputDir: path.join(root, "test-results"),
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [["list"], ["json"]] : [["list"]],
  use: {
    baseURL,
    locale: "fr-CA",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: fs.existsSync(systemChromium) ? systemChromium : undefined,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-quic", "--disable-sync"],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  webServer: {
    command: `rm -rf "${tmp}" && mkdir -p "${tmp}" && npx tsx scripts/start.ts`,
    cwd: root,
    url: `${baseURL}/healthz`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      PORT: String(port),
      APP_URL: baseURL,
      PGLITE_DIR: path.join(tmp, "pglite"),
      MAIL_DIR: path.join(tmp, "mail"),
      DATABASE_URL: "",
      NODE_ENV: "test",
      // the coordinator's "run the full computation now" is picked up within a second
      MATCH_BATCH_POLL_MS: "1000",
    },
  },
});
