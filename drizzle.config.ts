import { defineConfig } from "drizzle-kit";

// Generates SQL migrations from db/schema.ts; the same files are applied to PGlite and PostgreSQL.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema.ts",
  out: "./db/migrations",
});
