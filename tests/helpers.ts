/** Helpers for integration tests: demo data, signed-in requests, route calls, the dev mailbox. */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { desc, eq } from "drizzle-orm";
import { getDb } from "@db/client.server";
import { DEMO_PASSWORD } from "@db/demo/clusters";
import { seedDemo } from "@db/demo/seed";
import { clusters, users, type User } from "@db/schema";
import { createSessionCookie } from "~/modules/auth/auth.server";
import { outbox } from "@db/schema";

export const ORIGIN = "http://localhost:3999";
export { DEMO_PASSWORD };

let seeded: Promise<void> | undefined;
/** The demo clusters, funders and accounts (once per test file). */
export function seed() {
  seeded ??= seedDemo(getDb());
  return seeded;
}

export async function userByEmail(email: string): Promise<User> {
  const [u] = await getDb().select().from(users).where(eq(users.email, email));
  if (!u) throw new Error(`no user ${email}`);
  return u;
}

export async function clusterId(slug: string): Promise<string> {
  const [c] = await getDb().select({ id: clusters.id }).from(clusters).where(eq(clusters.slug, slug));
  return c.id;
}

/** A Cookie header for a fresh session of this user. */
export async function cookieFor(email: string): Promise<string> {
  const u = await userByEmail(email);
  return (await createSessionCookie(u.id)).split(";")[0];
}

export interface RequestOptions {
  method?: string;
  form?: Record<string, string | string[]>;
  cookie?: string;
  headers?: Record<string, string>;
}

export function makeRequest(pathname: string, opts: RequestOptions = {}): Request {
  const headers = new Headers(opts.headers);
  headers.set("Origin", ORIGIN);
  if (opts.cookie) headers.set("Cookie", opts.cookie);
  let body: URLSearchParams | undefined;
  if (opts.form) {
    body = new URLSearchParams();
    for (const [k, v] of Object.entries(opts.form)) for (const item of Array.isArray(v) ? v : [v]) body.append(k, item);
  }
  return new Request(`${ORIGIN}${pathname}`, { method: opts.method ?? (body ? "POST" : "GET"), headers, body });
}

type RouteFn = (args: LoaderFunctionArgs | ActionFunctionArgs) => Promise<Response> | Response | Promise<unknown>;

/** Call a loader or action like Remix does; thrown Responses (redirects, 403, 404) are returned. */
export async function call(fn: RouteFn, pathname: string, opts: RequestOptions & { params?: Record<string, string> } = {}): Promise<Response> {
  try {
    const res = await fn({ request: makeRequest(pathname, opts), params: opts.params ?? {}, context: { clientIp: opts.headers?.["x-test-ip"] ?? "203.0.113.9", cspNonce: "" } });
    return res instanceof Response ? res : Response.json(res);
  } catch (e) {
    if (e instanceof Response) return e;
    throw e;
  }
}

export async function bodyOf<T = any>(res: Response): Promise<T> {
  return (await res.clone().json()) as T;
}

/** The newest email queued for an address (in the outbox), and the first link in it. */
export async function lastMailTo(to: string) {
  const [row] = await getDb().select().from(outbox).where(eq(outbox.toAddress, to)).orderBy(desc(outbox.id)).limit(1);
  const mail = row ? { to: row.toAddress, cc: row.cc, subject: row.subject, text: row.bodyText, status: row.status } : undefined;
  const link = mail?.text.match(/https?:\/\/\S+/)?.[0];
  return { mail, link, token: link?.split("/").pop() };
}

/** The posting form of an office-space need, as a member submits it (override any field). */
export function officeNeedForm(over: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  return {
    intent: "publish",
    kind: "need",
    category: "office_space",
    title: "Bureaux pour 5 personnes près du métro",
    description: "Nous cherchons cinq postes de travail meublés à Montréal.",
    tags: "bureaux, métro",
    language: "fr",
    region: "montreal",
    startDate: "2027-03-01",
    endDate: "2027-08-31",
    quantity: "5",
    unit: "desks",
    budgetMax: "450",
    budgetBasis: "per_desk_month",
    "attributes.amenities[]": ["meeting_room", "internet"],
    "sdAxes[]": ["environment"],
    visibility: "network",
    ...over,
  };
}
