import { defineConfig } from "drizzle-kit";

// Generates SQL migrations from db/schema/ (one file per area, re-exported by db/schema/index.ts); the same files are applied to PGlite and PostgreSQL.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema/index.ts",
  out: "./db/migrations",
});
