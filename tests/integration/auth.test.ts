import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@db/client.server";
import { authAttempts } from "@db/schema";
import { changePassword, signIn } from "~/modules/auth/auth.server";
import { getUser } from "~/modules/auth/require-user.server";
import { action as accountAction } from "~/routes/account";
import { action as loginAction } from "~/routes/login";
import { action as logoutAction } from "~/routes/logout";
import { bodyOf, call, cookieFor, DEMO_PASSWORD, lastMailTo, makeRequest, seed, userByEmail } from "../helpers";

beforeAll(seed);

const cookieOf = (res: Response) => res.headers.get("Set-Cookie")?.split(";")[0] ?? "";
const whoIs = async (cookie: string) => (await getUser(makeRequest("/", { cookie })))?.email ?? null;

describe("sign in", () => {
  it("opens a session for the right password and redirects to the page asked for", async () => {
    const res = await call(loginAction, "/login", { form: { email: "Coordination@Maillage.example", password: DEMO_PASSWORD, redirectTo: "/clusters" } });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/clusters");
    const setCookie = res.headers.get("Set-Cookie")!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(await whoIs(cookieOf(res))).toBe("coordination@maillage.example");
  });

  it("never redirects to another site", async () => {
    const res = await call(loginAction, "/login", { form: { email: "admin@numana.example", password: DEMO_PASSWORD, redirectTo: "//evil.example/x" } });
    expect(res.headers.get("Location")).toBe("/");
  });

  it("answers a wrong password or unknown account with the same 400 and keeps the email", async () => {
    for (const email of ["admin@numana.example", "nobody@nowhere.example"]) {
      const res = await call(loginAction, "/login", { form: { email, password: "wrong-password-123" } });
      expect(res.status).toBe(400);
      const body = await bodyOf(res);
      expect(body.errors._form.key).toBe("signIn.invalid");
      expect(body.values.email).toBe(email);
      expect(body.values.password).toBeUndefined();
    }
  });

  it("validates the form: bad email is a field error", async () => {
    const res = await call(loginAction, "/login", { form: { email: "not-an-email", password: "x" } });
    expect(res.status).toBe(400);
    expect((await bodyOf(res)).errors.email.key).toBe("error.email");
  });
});

describe("rate limit", () => {
  it("blocks an account after 10 failures in 15 minutes, even with the right password", async () => {
    const email = "membre@mmode.example";
    for (let i = 0; i < 10; i++) expect((await signIn(email, "bad-password-xyz", `198.51.100.${i}`)).ok).toBe(false);
    const blocked = await call(loginAction, "/login", { form: { email, password: DEMO_PASSWORD }, headers: { "x-test-ip": "198.51.100.200" } });
    expect(blocked.status).toBe(429);
    expect((await bodyOf(blocked)).errors._form).toEqual({ key: "signIn.rateLimited", params: { minutes: 15 } });
  });

  it("blocks an IP after 10 failures across accounts", async () => {
    const ip = "192.0.2.77";
    for (let i = 0; i < 10; i++) await signIn(`ghost${i}@nowhere.example`, "bad-password-xyz", ip);
    expect(await signIn("admin@bctq.example", DEMO_PASSWORD, ip)).toEqual({ ok: false, reason: "rate_limited" });
    expect((await signIn("admin@bctq.example", DEMO_PASSWORD, "192.0.2.78")).ok).toBe(true);
  });

  it("forgets failures older than the window", async () => {
    const email = "admin@aluquebec.example";
    const old = new Date(Date.now() - 16 * 60_000);
    await getDb().insert(authAttempts).values(Array.from({ length: 12 }, () => ({ email, ip: "192.0.2.1", success: false, at: old })));
    expect((await signIn(email, DEMO_PASSWORD, "192.0.2.2")).ok).toBe(true);
  });
});

describe("sign out and password change", () => {
  it("signing out ends the session", async () => {
    const cookie = await cookieFor("admin@cargo-m.example");
    expect(await whoIs(cookie)).toBe("admin@cargo-m.example");
    const res = await call(logoutAction, "/logout", { method: "POST", cookie });
    expect(res.status).toBe(302);
    expect(await whoIs(cookie)).toBeNull();
  });

  it("changing the password signs out every other session and notifies by email", async () => {
    const email = "admin@finance-montreal.example";
    const laptop = await cookieFor(email);
    const phone = await cookieFor(email);
    const res = await call(accountAction, "/account", {
      cookie: laptop,
      form: { intent: "password", current: DEMO_PASSWORD, password: "a-brand-new-passphrase", confirm: "a-brand-new-passphrase" },
    });
    expect(res.status).toBe(200);
    expect(await whoIs(phone)).toBeNull();
    expect(await whoIs(laptop)).toBeNull();
    expect(await whoIs(cookieOf(res))).toBe(email);
    expect((await signIn(email, "a-brand-new-passphrase", "192.0.2.50")).ok).toBe(true);
    expect((await signIn(email, DEMO_PASSWORD, "192.0.2.51")).ok).toBe(false);
    expect((await lastMailTo(email)).mail?.subject).toMatch(/mot de passe/i);
  });

  it("refuses a wrong current password or a short new one with field errors", async () => {
    const cookie = await cookieFor("admin@numana.example");
    const wrong = await call(accountAction, "/account", { cookie, form: { intent: "password", current: "not-my-password", password: "another-long-passphrase", confirm: "another-long-passphrase" } });
    expect(wrong.status).toBe(400);
    expect((await bodyOf(wrong)).errors.current.key).toBe("account.wrongPassword");
    const short = await call(accountAction, "/account", { cookie, form: { intent: "password", current: DEMO_PASSWORD, password: "short", confirm: "short" } });
    expect(short.status).toBe(400);
    expect((await bodyOf(short)).errors.password.key).toBe("error.passwordTooShort");
    expect(await changePassword((await userByEmail("admin@numana.example")).id, "nope", "x".repeat(12))).toEqual({ ok: false, reason: "wrong_password" });
  });

  it("saves name and language", async () => {
    const cookie = await cookieFor("membre@numana.example");
    const res = await call(accountAction, "/account", { cookie, form: { intent: "profile", name: "Hugo B.", locale: "en" } });
    expect(res.status).toBe(200);
    const u = await userByEmail("membre@numana.example");
    expect([u.name, u.locale]).toEqual(["Hugo B.", "en"]);
    const bad = await call(accountAction, "/account", { cookie, form: { intent: "profile", name: "", locale: "de" } });
    expect(bad.status).toBe(400);
    const errors = (await bodyOf(bad)).errors;
    expect([errors.name.key, errors.locale.key]).toEqual(["error.required", "error.choice"]);
  });
});
