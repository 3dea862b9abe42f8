/**
 * Global setup of the database projects. For PostgreSQL: one migrated template database per run;
 * every test file then gets its own copy (CREATE DATABASE … TEMPLATE), so files never share state.
 */
import type { TestProject } from "vitest/node";
import postgres from "postgres";
import { createDb } from "@db/client.server";

declare module "vitest" {
  export interface ProvidedContext {
    templateDb: string;
  }
}

export default async function setup(project: TestProject) {
  if (project.name !== "postgres") return;
  const url = process.env.TEST_DATABASE_URL!;
  const template = `maillage_tpl_${process.pid}_${Date.now().toString(36)}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE "${template}"`);
  const tplUrl = new URL(url);
  tplUrl.pathname = `/${template}`;
  const handle = createDb(tplUrl.toString());
  await handle.migrate();
  await handle.close();
  project.provide("templateDb", template);
  return async () => {
    // Drop the template and any per-file database left behind by a crashed worker.
    const leftovers = await admin<{ datname: string }[]>`select datname from pg_database where datname like ${`maillage_t%_${process.pid}_%`} or datname = ${template}`;
    for (const { datname } of leftovers) await admin.unsafe(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    await admin.end();
  };
}
