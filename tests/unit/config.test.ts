import { describe, expect, it } from "vitest";
import { checkConfig, configProblems, ENV_SCHEMA } from "~/modules/config.server";

describe("configuration", () => {
  it("accepts an empty environment (every variable has a default) and the documented forms", () => {
    expect(configProblems({})).toEqual([]);
    expect(
      configProblems({
        DATABASE_URL: "postgres://u:p@db:5432/maillage",
        PORT: "8080",
        APP_URL: "https://maillage.example",
        SMTP_URL: "smtp://user:pass@smtp.example:587",
        WORKER: "off",
        WEB_CONCURRENCY: "4",
        FUNDING_REMINDER_DAYS: "30, 7,1",
        NODE_ENV: "production",
      }),
    ).toEqual([]);
    expect(configProblems({ DATABASE_URL: "", SMTP_URL: "", WEB_CONCURRENCY: "" })).toEqual([]);
  });

  it("refuses bad values with one readable line per variable instead of falling back", () => {
    const problems = configProblems({ PORT: "http", DATABASE_URL: "mysql://x", WORKER: "maybe", OUTBOX_LEASE_SECONDS: "-5", APP_URL: "localhost:3000" });
    expect(problems).toHaveLength(5);
    expect(problems.find((p) => p.startsWith("PORT="))).toContain('"http"');
    expect(problems.find((p) => p.startsWith("DATABASE_URL="))).toContain("postgres://");
    expect(configProblems({ OUTBOX_RETRY_BASE_MS: "60000", OUTBOX_RETRY_MAX_MS: "1000" })).toEqual([expect.stringContaining("must not exceed")]);
    expect(configProblems({ FUNDING_REMINDER_DAYS: "soon" })).toHaveLength(1);
    expect(configProblems({ FUNDING_REMINDER_DAYS: "14,400" })).toEqual([expect.stringContaining("at most 365")]);
  });

  it("stops the start with exit code 2 on a bad value", () => {
    let code: number | undefined;
    const exit = ((c: number) => {
      code = c;
      throw new Error("exit");
    }) as (c: number) => never;
    const quiet = console.error;
    console.error = () => {};
    try {
      expect(() => checkConfig({ PORT: "0" }, exit)).toThrow("exit");
    } finally {
      console.error = quiet;
    }
    expect(code).toBe(2);
    expect(() => checkConfig({ PORT: "3000" }, exit)).not.toThrow();
  });

  it("is the only reader of the environment in the app and the server", async () => {
    const fs = await import("node:fs");
    const path = await import("node:path");
    const files = (dir: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [path.join(dir, e.name)] : []));
    const readers = [...files("app"), "scripts/server.ts"].filter((f) => f !== path.join("app", "modules", "config.server.ts") && /process\.env\b/.test(fs.readFileSync(f, "utf8")));
    expect(readers).toEqual([]);
  });

  it("describes every variable the README documents", async () => {
    const fs = await import("node:fs");
    const readme = fs.readFileSync("README.md", "utf8");
    for (const name of Object.keys(ENV_SCHEMA.shape)) expect(readme, name).toContain(`\`${name}\``);
  });
});
