/**
 * The one permission helper. Every loader and action calls `requireUser` (or `getUser` on public pages).
 *   - no session      -> redirect to /login?redirectTo=<where the user was going>
 *   - wrong role / no permission -> 403 (or 404 with `hide`, so a URL does not reveal that something exists)
 */
import { redirect } from "@remix-run/node";
import type { User as LuciaUser } from "lucia";
import type { Role } from "@db/schema";
import { lucia } from "./lucia.server";
import { can, type Permission } from "./permissions";

export type SessionUser = LuciaUser;

export interface RequireOptions {
  roles?: readonly Role[];
  permission?: Permission;
  /** The cluster owning the resource, for cluster-scoped permissions. */
  clusterId?: string | null;
  /** The clusters sharing the resource (a joint application's consortium). */
  clusterIds?: readonly string[];
  /** The funder owning the resource (a programme and its applications). */
  funderId?: string | null;
  /** Answer 404 instead of 403 (resources whose existence must not leak). */
  hide?: boolean;
}

const cache = new WeakMap<Request, Promise<{ user: SessionUser; sessionId: string } | null>>();

function sessionIdOf(request: Request): string | null {
  return lucia().readSessionCookie(request.headers.get("Cookie") ?? "");
}

async function load(request: Request) {
  const sessionId = sessionIdOf(request);
  if (!sessionId) return null;
  const { session, user } = await lucia().validateSession(sessionId);
  if (!session || !user) return null;
  // A deactivated account has no session (deactivation deletes them; this closes any race).
  if (user.deactivatedAt) return null;
  return { user, sessionId: session.id };
}

/** The signed-in user and session, or null. Cached per request (root and route loaders share it). */
export function getSession(request: Request) {
  let p = cache.get(request);
  if (!p) {
    p = load(request);
    cache.set(request, p);
  }
  return p;
}

export async function getUser(request: Request): Promise<SessionUser | null> {
  return (await getSession(request))?.user ?? null;
}

export function forbidden(hide = false): Response {
  return new Response(null, { status: hide ? 404 : 403, statusText: hide ? "Not Found" : "Forbidden" });
}

export function notFound(): Response {
  return new Response(null, { status: 404, statusText: "Not Found" });
}

export function signInRedirect(request: Request): Response {
  const url = new URL(request.url);
  const back = url.pathname + url.search;
  const target = back && back !== "/" ? `/login?redirectTo=${encodeURIComponent(back)}` : "/login";
  return redirect(target);
}

export function authorize(user: SessionUser, opts: RequireOptions = {}): boolean {
  if (opts.roles && !opts.roles.includes(user.role)) return false;
  if (opts.permission && !can(user, opts.permission, { clusterId: opts.clusterId, clusterIds: opts.clusterIds, funderId: opts.funderId })) return false;
  return true;
}

export async function requireUser(request: Request, opts: RequireOptions = {}): Promise<SessionUser> {
  const user = await getUser(request);
  if (!user) throw signInRedirect(request);
  if (!authorize(user, opts)) throw forbidden(opts.hide);
  return user;
}

/** A safe local path to go back to after sign-in (never another site). */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  return to;
}
