/**
 * Cluster admins manage their team (issue 12, item 6), through the team page's loader and action: the
 * colleagues, invitations invited / resent / revoked, a colleague who left deactivated — their postings
 * stay and pass to a chosen contact, they cannot sign in, their sessions end — and reactivated. The
 * permission matrix: a cluster admin for their own cluster only, the coordination for any.
 */
import { and, count, eq, isNull } from "drizzle-orm";
import { getDb } from "@db/client.server";
import { auditLog, invitations, postings, sessions, users } from "@db/schema";
import { bodyOf, call, clusterId, cookieFor, lastMailTo, seed, userByEmail } from "../helpers";
import * as teamRoute from "~/routes/clusters.$slug_.team";
import * as loginRoute from "~/routes/login";
import * as browseRoute from "~/routes/postings._index";
import * as forgotRoute from "~/routes/forgot-password";
import { createSessionCookie } from "~/modules/auth/auth.server";
import { getUser } from "~/modules/auth/require-user.server";
import { hashPassword } from "~/modules/auth/password.server";
import { DEMO_PASSWORD } from "@db/demo/clusters";
import { makeRequest } from "../helpers";

const ADMIN = "admin@numana.example";
const MEMBER = "membre@numana.example";
const COORD = "coordination@maillage.example";

const team = (slug: string, cookie: string, form?: Record<string, string>) =>
  call(form ? teamRoute.action : teamRoute.loader, `/clusters/${slug}/team`, { params: { slug }, cookie, form });

/** A colleague who will leave: an account of Numana, contact of two postings. */
async function leaver(email: string) {
  const numana = await clusterId("numana");
  const [u] = await getDb()
    .insert(users)
    .values({ email, name: `Partant ${email.split("@")[0]}`, role: "member", clusterId: numana, passwordHash: await hashPassword(DEMO_PASSWORD) })
    .returning();
  const base = { clusterId: numana, kind: "need" as const, category: "other" as const, description: "…", status: "open" as const, contactUserId: u.id, createdBy: u.id };
  await getDb().insert(postings).values([
    { ...base, title: `Besoin suivi par ${u.name} (1)` },
    { ...base, title: `Besoin suivi par ${u.name} (2)`, status: "draft" },
  ]);
  return u;
}

beforeAll(seed);

describe("who manages a team", () => {
  it("a cluster admin their own cluster's, the coordination any; members 403, other clusters' admins 403, funders 404", async () => {
    expect((await team("numana", await cookieFor(ADMIN))).status).toBe(200);
    expect((await team("mmode", await cookieFor(COORD))).status).toBe(200);
    expect((await team("numana", await cookieFor(MEMBER))).status).toBe(403);
    expect((await team("numana", await cookieFor("admin@mmode.example"))).status).toBe(403);
    expect((await team("numana", await cookieFor("bailleur@meie.example"))).status).toBe(404);
    expect((await team("nowhere", await cookieFor(COORD))).status).toBe(404);
    const res = await team("numana", await cookieFor("admin@mmode.example"), { intent: "invite", email: "x@numana.example", role: "member", locale: "fr" });
    expect(res.status).toBe(403);
    expect(await getDb().select().from(invitations).where(eq(invitations.email, "x@numana.example"))).toEqual([]);
  });

  it("the page lists the colleagues, with how many postings each is the contact of", async () => {
    const body = await bodyOf(await team("numana", await cookieFor(ADMIN)));
    const names = body.team.map((m: { email: string }) => m.email);
    expect(names).toEqual(expect.arrayContaining([ADMIN, MEMBER]));
    expect(names.every((e: string) => !e.endsWith("@mmode.example"))).toBe(true);
    expect(body.team.find((m: { email: string }) => m.email === MEMBER).contactOf).toBeGreaterThan(0);
    expect(body.roles).toEqual(["member", "cluster_admin"]);
  });
});

describe("invitations from the team page", () => {
  it("invite, resend (a new link, the old one revoked), revoke", async () => {
    const cookie = await cookieFor(ADMIN);
    const invited = await team("numana", cookie, { intent: "invite", email: "Nouvelle.Recrue@numana.example", role: "member", locale: "fr" });
    expect(invited.status).toBe(302);
    expect(invited.headers.get("Location")).toContain("notice=team.notice.invited");
    const first = await lastMailTo("nouvelle.recrue@numana.example");
    const [inv] = await getDb().select().from(invitations).where(and(eq(invitations.email, "nouvelle.recrue@numana.example"), isNull(invitations.revokedAt)));
    expect(inv.clusterId).toBe(await clusterId("numana"));
    expect((await bodyOf(await team("numana", cookie))).pending.map((p: { email: string }) => p.email)).toContain("nouvelle.recrue@numana.example");

    const resent = await team("numana", cookie, { intent: "resend", id: inv.id });
    expect(resent.status).toBe(302);
    const second = await lastMailTo("nouvelle.recrue@numana.example");
    expect(second.token).not.toBe(first.token);
    const rows = await getDb().select().from(invitations).where(eq(invitations.email, "nouvelle.recrue@numana.example"));
    expect(rows.filter((r) => !r.revokedAt)).toHaveLength(1);
    expect(rows.find((r) => r.id === inv.id)!.revokedAt).not.toBeNull();

    const current = rows.find((r) => !r.revokedAt)!;
    expect((await team("numana", cookie, { intent: "revoke", id: current.id })).status).toBe(302);
    expect((await bodyOf(await team("numana", cookie))).pending.map((p: { email: string }) => p.email)).not.toContain("nouvelle.recrue@numana.example");
    // A revoked invitation is no longer resent nor revoked: 409, nothing written.
    const n = (await getDb().select({ n: count() }).from(invitations))[0].n;
    expect((await team("numana", cookie, { intent: "resend", id: current.id })).status).toBe(409);
    expect((await team("numana", cookie, { intent: "revoke", id: current.id })).status).toBe(409);
    expect((await getDb().select({ n: count() }).from(invitations))[0].n).toBe(n);
  });

  it("bad input: a malformed address, a role the admin cannot grant — 400 next to the field, nothing written", async () => {
    const cookie = await cookieFor(ADMIN);
    const n = (await getDb().select({ n: count() }).from(invitations))[0].n;
    const bad = await team("numana", cookie, { intent: "invite", email: "pas-une-adresse", role: "member", locale: "fr" });
    expect(bad.status).toBe(400);
    expect((await bodyOf(bad)).errors.email.key).toBe("error.email");
    const role = await team("numana", cookie, { intent: "invite", email: "chef@numana.example", role: "coordinator", locale: "fr" });
    expect(role.status).toBe(400);
    expect((await bodyOf(role)).errors.role.key).toBe("invite.roleNotAllowed");
    expect((await getDb().select({ n: count() }).from(invitations))[0].n).toBe(n);
  });
});

describe("deactivating a colleague who left", () => {
  it("their postings stay, passed to the chosen contact; they cannot sign in; their sessions end", async () => {
    const u = await leaver("partant1@numana.example");
    const session = (await createSessionCookie(u.id)).split(";")[0];
    expect((await getUser(makeRequest("/", { cookie: session })))?.id).toBe(u.id);
    const admin = await userByEmail(ADMIN);

    const res = await team("numana", await cookieFor(ADMIN), { intent: "deactivate", userId: u.id, reassignTo: admin.id });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toContain("notice=team.notice.deactivated");
    expect((await userByEmail("partant1@numana.example")).deactivatedAt).not.toBeNull();
    const theirs = await getDb().select().from(postings).where(eq(postings.createdBy, u.id));
    expect(theirs).toHaveLength(2);
    expect(theirs.every((p) => p.contactUserId === admin.id)).toBe(true);
    expect(theirs.map((p) => p.status).sort()).toEqual(["draft", "open"]);
    // Each posting's history says its contact changed; the deactivation is audited.
    const entries = await getDb().select().from(auditLog).where(eq(auditLog.entityId, theirs[0].id));
    expect(entries.map((e) => e.after)).toContainEqual({ contactUserId: admin.id });
    expect((await getDb().select().from(auditLog).where(and(eq(auditLog.entityId, u.id), eq(auditLog.action, "user.deactivate")))).length).toBe(1);

    // Sessions ended; the old cookie opens nothing; sign-in is refused with a clear message.
    expect(await getDb().select().from(sessions).where(eq(sessions.userId, u.id))).toEqual([]);
    expect(await getUser(makeRequest("/", { cookie: session }))).toBeNull();
    expect((await call(browseRoute.loader, "/postings", { cookie: session })).status).toBe(302);
    const login = await call(loginRoute.action, "/login", { form: { email: "partant1@numana.example", password: DEMO_PASSWORD }, headers: { "x-test-ip": "198.51.100.71" } });
    expect(login.status).toBe(400);
    expect((await bodyOf(login)).errors._form.key).toBe("signIn.deactivated");
    expect(login.headers.get("Set-Cookie")).toBeNull();
    // No reset link either (the page answers the same).
    await call(forgotRoute.action, "/forgot-password", { form: { email: "partant1@numana.example" }, headers: { "x-test-ip": "198.51.100.71" } });
    expect((await lastMailTo("partant1@numana.example")).mail).toBeUndefined();
    // They are no longer offered as a contact; the team page shows them deactivated.
    const body = await bodyOf(await team("numana", await cookieFor(ADMIN)));
    expect(body.team.find((m: { id: string }) => m.id === u.id).deactivatedAt).not.toBeNull();
  });

  it("bad input: no new contact while they have postings, a contact from elsewhere or themselves — 400, nothing changed", async () => {
    const u = await leaver("partant2@numana.example");
    const cookie = await cookieFor(ADMIN);
    const other = await userByEmail("membre@mmode.example");
    for (const [reassignTo, key] of [
      [undefined, "team.error.reassignRequired"],
      [other.id, "team.error.reassignInvalid"],
      [u.id, "team.error.reassignInvalid"],
      ["not-a-uuid", "team.error.reassignInvalid"],
    ] as const) {
      const res = await team("numana", cookie, { intent: "deactivate", userId: u.id, ...(reassignTo ? { reassignTo } : {}) });
      expect(res.status, String(reassignTo)).toBe(400);
      expect((await bodyOf(res)).errors.reassignTo.key).toBe(key);
    }
    expect((await userByEmail("partant2@numana.example")).deactivatedAt).toBeNull();
    expect((await getDb().select().from(postings).where(eq(postings.contactUserId, u.id))).length).toBe(2);
  });

  it("not oneself (422), not another cluster's account (404), not twice (422); the coordination may do it for any cluster", async () => {
    const admin = await userByEmail(ADMIN);
    const self = await team("numana", await cookieFor(ADMIN), { intent: "deactivate", userId: admin.id, reassignTo: (await userByEmail(MEMBER)).id });
    expect(self.status).toBe(422);
    expect((await bodyOf(self)).errors._form.key).toBe("team.error.self");
    const foreign = await team("numana", await cookieFor(ADMIN), { intent: "deactivate", userId: (await userByEmail("membre@mmode.example")).id });
    expect(foreign.status).toBe(404);
    expect((await userByEmail("membre@mmode.example")).deactivatedAt).toBeNull();

    const u = await leaver("partant3@numana.example");
    const byCoord = await team("numana", await cookieFor(COORD), { intent: "deactivate", userId: u.id, reassignTo: (await userByEmail(MEMBER)).id });
    expect(byCoord.status).toBe(302);
    const twice = await team("numana", await cookieFor(COORD), { intent: "deactivate", userId: u.id, reassignTo: (await userByEmail(MEMBER)).id });
    expect(twice.status).toBe(422);

    // Reactivated, the account signs in again.
    expect((await team("numana", await cookieFor(ADMIN), { intent: "reactivate", userId: u.id })).status).toBe(302);
    const login = await call(loginRoute.action, "/login", { form: { email: "partant3@numana.example", password: DEMO_PASSWORD }, headers: { "x-test-ip": "198.51.100.72" } });
    expect(login.status).toBe(302);
  });
});
