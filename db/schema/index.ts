/**
 * The drizzle schema: the single source of truth for both PGlite and PostgreSQL. One file per area;
 * tables import each other directly, this index only re-exports. Migrations in db/migrations are
 * generated from it with `npm run db:generate`.
 */
export * from "./enums";
export * from "./core";
export * from "./postings";
export * from "./notifications";
export * from "./matching";
export * from "./funding";
export * from "./brokering";
export * from "./lexicon";
