/**
 * Accessibility: axe-core on every page of every role, in French and in English (no serious or critical
 * violation, and none of the two moderate rules this project once had: heading-order, landmark-unique),
 * and no text of the other language on them (tests/e2e/language.ts);
 * a keyboard-only posting whose failed submit lands on the error summary; the error summary focused on
 * load without JavaScript; no horizontal scroll at phone size on the main pages.
 */
import { expect, test, type Page } from "@playwright/test";
import { refused } from "./axe";
import { languageSeams } from "./language";

const PASSWORD = "maillage-demo-2026";

// axe is injected as a script of the test's own: the app's CSP (nonces only) would rightly refuse it.
test.use({ bypassCSP: true });
const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

async function signIn(page: Page, email: string) {
  await page.goto("/login");
  await page.getByLabel(/Courriel|Email/).fill(email);
  await page.getByLabel(/^(Mot de passe|Password)$/).fill(PASSWORD);
  await page.getByRole("button", { name: /Se connecter|Sign in/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(/Bonjour|Hello/);
}

async function setLocale(page: Page, locale: "fr" | "en") {
  // A state-changing request must carry our own Origin (the CSRF check), as the page's own form does.
  const origin = new URL(test.info().project.use.baseURL ?? "http://localhost").origin;
  const res = await page.request.post("/locale", { form: { locale, redirectTo: "/" }, headers: { Origin: origin } });
  expect(res.ok()).toBe(true);
}

/** Same-origin paths of the links on the page matching `pattern` (the first `max`). */
async function links(page: Page, pattern: RegExp, max = 1): Promise<string[]> {
  const hrefs = await page.locator("main a[href]").evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
  return [...new Set(hrefs.filter((h) => pattern.test(h)))].slice(0, max);
}

interface Role {
  name: string;
  email: string | null;
  extra: string[];
  /** list page → pattern of the detail pages linked from it */
  details: [string, RegExp][];
}

const ROLES: Role[] = [
  { name: "visitor", email: null, extra: ["/login", "/forgot-password", "/no-such-page"], details: [] },
  {
    name: "member",
    email: "membre@numana.example",
    extra: ["/postings/new", "/postings/import", "/account", "/notifications", "/clusters/numana"],
    details: [
      ["/postings", new RegExp(`^/postings/${UUID}$`)],
      ["/introductions", new RegExp(`^/introductions/${UUID}$`)],
      ["/funding", new RegExp(`^/funding/applications/${UUID}$`)],
    ],
  },
  { name: "cluster admin", email: "admin@numana.example", extra: ["/clusters/numana/edit", "/clusters/numana/team", "/postings/import", "/impact/report", "/account"], details: [] },
  {
    name: "coordinator",
    email: "coordination@maillage.example",
    extra: ["/postings/new", "/postings/import", "/clusters/numana/team", "/coordination/matches/new", "/coordination/matches/settings", "/coordination/matches?status=active", "/coordination/matches?status=deferred", "/coordination/outbox", "/funding/new", "/funding/programmes", "/impact/health", "/impact/report", "/notifications", "/account"],
    details: [
      ["/coordination/matches", new RegExp(`^/coordination/matches/${UUID}$`)],
      ["/coordination/matches?status=active", new RegExp(`^/coordination/matches/${UUID}\\?q=status%3Dactive$`)],
      ["/funding", new RegExp(`^/funding/applications/${UUID}$`)],
      ["/funding/programmes", new RegExp(`^/funding/(programmes|funders)/${UUID}$`)],
      ["/postings", new RegExp(`^/postings/${UUID}$`)],
    ],
  },
  { name: "funder", email: "bailleur@meie.example", extra: ["/account"], details: [["/pipeline", new RegExp(`^/pipeline/applications/${UUID}$`)]] },
  { name: "administrator", email: "admin@maillage.example", extra: ["/settings", "/invitations"], details: [] },
];

for (const role of ROLES) {
  test(`axe and translation seams: every page of the ${role.name}, in French and in English`, async ({ page }) => {
    test.setTimeout(600_000);
    if (role.email) await signIn(page, role.email);
    const original = (await page.locator("html").getAttribute("lang")) === "en" ? "en" : "fr";
    const failures: string[] = [];
    try {
      for (const locale of ["fr", "en"] as const) {
        await setLocale(page, locale);
        await page.goto("/");
        const nav = await page
          .getByRole("navigation")
          .first()
          .locator("a[href^='/']")
          .evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
        const pages = new Set(["/", ...nav.filter((h) => h !== "/dev/mail"), ...role.extra]);
        for (const [list, pattern] of role.details) {
          await page.goto(list);
          for (const l of await links(page, pattern, 2)) pages.add(l);
        }
        for (const url of pages) {
          await page.goto(url);
          await expect(page.locator("html")).toHaveAttribute("lang", locale);
          for (const f of await refused(page)) failures.push(`${locale} ${url}: ${f}`);
          for (const f of await languageSeams(page, locale, url)) failures.push(`${locale} ${url}: other-language text ${f}`);
        }
      }
    } finally {
      await setLocale(page, original);
    }
    expect(failures, failures.join("\n")).toEqual([]);
  });
}

/** Press Tab until the focused element is the control named `name` (keyboard only). */
async function tabTo(page: Page, name: string, tag?: string) {
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press("Tab");
    const here = await page.evaluate(() => {
      const el = document.activeElement as HTMLInputElement | null;
      return { name: el?.getAttribute("name") ?? "", tag: el?.tagName.toLowerCase() ?? "", text: el?.textContent?.trim() ?? "" };
    });
    if ((here.name === name || here.text === name) && (!tag || here.tag === tag)) return;
  }
  throw new Error(`Tab never reached ${name}`);
}

test("keyboard only: a member posts a need; a failed submit lands on the error summary, its links on the fields", async ({ page }) => {
  await signIn(page, "membre@numana.example");
  await page.goto("/postings");
  await tabTo(page, "Publier un besoin", "a");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Nouvelle publication");

  // Submitted empty: the summary takes focus and lists every error, not only the category.
  await tabTo(page, "Publier", "button");
  await page.keyboard.press("Enter");
  const summary = page.getByRole("alert").filter({ hasText: "Le formulaire contient des erreurs" });
  await expect(summary).toBeFocused();
  // (the language starts on the reader's own, so it is never missing)
  for (const label of ["Catégorie", "Titre", "Description"]) await expect(summary.getByRole("link", { name: new RegExp(`^${label}`) })).toBeVisible();
  expect(await refused(page)).toEqual([]);

  // The summary's link moves focus to its field.
  await page.keyboard.press("Tab");
  await expect(summary.getByRole("link").first()).toBeFocused();
  const firstField = await summary.getByRole("link").first().getAttribute("href");
  await page.keyboard.press("Enter");
  await expect(page.locator(`[id="${firstField!.slice(1)}"]`)).toBeFocused();

  // Filled in with the keyboard alone.
  await page.goto("/postings");
  await tabTo(page, "Publier un besoin", "a");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Nouvelle publication");
  await tabTo(page, "category");
  await page.keyboard.type("Autre");
  await tabTo(page, "title");
  await page.keyboard.type("Traduction technique de fiches produits");
  await tabTo(page, "description");
  await page.keyboard.type("Nous cherchons un service de traduction technique pour nos fiches produits.");
  await tabTo(page, "language");
  await page.keyboard.press("Space");
  await tabTo(page, "Publier", "button");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Traduction technique de fiches produits");
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("the error summary of a full-page POST has focus on load", async ({ page }) => {
    await page.goto("/forgot-password");
    await page.getByRole("button", { name: /Envoyer|Send/ }).click();
    const summary = page.getByRole("alert");
    await expect(summary).toBeFocused();
    await expect(summary.getByRole("link")).toHaveCount(1);
  });
});

test("phone size (390 × 844): no horizontal scroll on the main pages", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const wide: string[] = [];
  const check = async (url: string) => {
    await page.goto(url);
    const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
    if (scroll > client) wide.push(`${url}: ${scroll} > ${client}`);
  };
  await check("/login");
  await signIn(page, "membre@numana.example");
  for (const url of ["/", "/postings", "/postings/new", "/postings/import", "/introductions", "/clusters", "/funding", "/account"]) await check(url);
  await page.goto("/postings");
  for (const l of await links(page, new RegExp(`^/postings/${UUID}$`))) await check(l);
  await page.goto("/introductions");
  for (const l of await links(page, new RegExp(`^/introductions/${UUID}$`))) await check(l);
  // the committee's report (a cluster administrator), the coordinator's impact pages, a funder's application page
  await page.context().clearCookies();
  await signIn(page, "admin@numana.example");
  await check("/impact/report");
  await page.context().clearCookies();
  await signIn(page, "coordination@maillage.example");
  for (const url of ["/impact", "/impact/health", "/impact/report", "/pipeline"]) await check(url);
  await page.context().clearCookies();
  await signIn(page, "bailleur@meie.example");
  await page.goto("/pipeline");
  for (const l of await links(page, new RegExp(`^/pipeline/applications/${UUID}$`))) await check(l);
  expect(wide, wide.join("\n")).toEqual([]);
});

test("opened disclosures are axe clean too: the phone menu, closing a posting, deactivating a colleague, the similar postings found", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, "admin@numana.example");
  const failures: string[] = [];
  const audit = async (what: string) => {
    for (const f of await refused(page)) failures.push(`${what}: ${f}`);
  };
  await page.goto("/postings");
  await page.locator("summary.menu-button").click();
  await expect(page.getByRole("navigation", { name: "Navigation principale" })).toBeVisible();
  await audit("phone menu");
  await page.goto("/clusters/numana/team");
  await page.locator("details.deactivate > summary").first().click();
  await audit("team, deactivation form");
  await page.goto("/postings/new?kind=need&category=group_purchasing");
  await page.getByLabel("Titre", { exact: true }).fill("Achat regroupé de licences Microsoft 365");
  await page.getByLabel("Description", { exact: true }).fill("Nous devons acheter 20 licences Microsoft 365 Business au printemps 2027.");
  await page.getByLabel("Article ou équipement").fill("Licences Microsoft 365");
  await page.getByRole("button", { name: "Vérifier si cela existe déjà" }).click();
  await expect(page.getByRole("region", { name: "Cela existe peut-être déjà" })).toContainText("grappes ont aussi ce besoin");
  await audit("similar postings");
  await page.goto("/postings?mine=1");
  const own = (await links(page, new RegExp(`^/postings/${UUID}$`)))[0];
  await page.goto(own);
  await page.locator("details.close-posting > summary").click();
  await audit("closing a posting");
  expect(failures, failures.join("\n")).toEqual([]);
});
