import { DrizzlePostgreSQLAdapter } from "@lucia-auth/adapter-drizzle";
import { Lucia } from "lucia";
import { getDb } from "@db/client.server";
import { sessions, users, type Role, type Locale } from "@db/schema";
import { isProduction } from "~/modules/config.server";

function createLucia() {
  const adapter = new DrizzlePostgreSQLAdapter(getDb() as never, sessions, users);
  return new Lucia(adapter, {
    sessionCookie: {
      name: "maillage_session",
      expires: false,
      attributes: { secure: isProduction(), sameSite: "lax" },
    },
    getUserAttributes: (a) => ({
      email: a.email,
      name: a.name,
      role: a.role,
      locale: a.locale,
      clusterId: a.clusterId ?? null,
      funderId: a.funderId ?? null,
      deactivatedAt: a.deactivatedAt ?? null,
    }),
  });
}

let instance: ReturnType<typeof createLucia> | undefined;
let instanceDb: unknown;

/** Lucia bound to the current database handle (re-created if the handle changes, e.g. in tests). */
export function lucia() {
  const db = getDb();
  if (!instance || instanceDb !== db) {
    instance = createLucia();
    instanceDb = db;
  }
  return instance;
}

declare module "lucia" {
  interface Register {
    Lucia: ReturnType<typeof createLucia>;
    DatabaseUserAttributes: {
      email: string;
      name: string;
      role: Role;
      locale: Locale;
      clusterId: string | null;
      funderId: string | null;
      deactivatedAt: Date | null;
    };
  }
}
