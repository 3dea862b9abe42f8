import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const alias = { "~": path.join(root, "app"), "@db": path.join(root, "db") };

// Integration tests run once per database: PGlite always, PostgreSQL when TEST_DATABASE_URL is set.
const dbProjects = [{ name: "pglite", TEST_DB: "pglite" }];
if (process.env.TEST_DATABASE_URL) dbProjects.push({ name: "postgres", TEST_DB: "postgres" });

export default defineConfig({
  root,
  resolve: { alias },
  test: {
    globals: true,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        resolve: { alias },
        test: { name: "unit", root, globals: true, include: ["tests/unit/**/*.test.ts"] },
      },
      ...dbProjects.map((p) => ({
        resolve: { alias },
        test: {
          name: p.name,
          root,
          globals: true,
          testTimeout: 30_000,
          hookTimeout: 60_000,
          include: ["tests/integration/**/*.test.ts"],
          globalSetup: ["tests/setup/global.ts"],
          setupFiles: ["tests/setup/db.ts"],
          env: { TEST_DB: p.TEST_DB },
        },
      })),
    ],
  },
});
