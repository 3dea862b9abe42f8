/**
 * Every role visits every page its menu offers — read from the rendered header, plus its account page —
 * first by clicking the link (the browser loads the route module), then by reloading it (server render
 * and hydration). Any console error or uncaught page error fails the test.
 */
import { expect, test, type Page } from "@playwright/test";

const PASSWORD = "maillage-demo-2026";

const ROLES = [
  { role: "member", email: "membre@numana.example" },
  { role: "cluster admin", email: "admin@numana.example" },
  { role: "coordinator", email: "coordination@maillage.example" },
  { role: "admin", email: "admin@maillage.example" },
  { role: "funder", email: "bailleur@meie.example" },
];

function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(`console: ${msg.text()} (${page.url()})`);
  });
  page.on("pageerror", (err) => errors.push(`page error: ${err.message} (${page.url()})`));
  return errors;
}

/** Remix has hydrated the page and no navigation is under way. */
async function routerIdle(page: Page) {
  await page.waitForFunction(() => (window as { __remixRouter?: { state: { navigation: { state: string } } } }).__remixRouter?.state.navigation.state === "idle");
}

/** The same-origin pages linked from the header (main menu, notifications, account). */
async function headerLinks(page: Page): Promise<string[]> {
  const hrefs = await page.locator("header a[href]").evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
  const paths = hrefs.filter((h) => h.startsWith("/") && !h.startsWith("//")).map((h) => h.split("#")[0]);
  return [...new Set([...paths, "/account"])];
}

for (const { role, email } of ROLES) {
  test(`${role}: every page of the menu loads without a browser error`, async ({ page }) => {
    test.setTimeout(180_000);
    const errors = watchErrors(page);
    await page.goto("/login");
    await page.getByLabel(/^(Courriel|Email)$/).fill(email);
    await page.getByLabel(/^(Mot de passe|Password)$/).fill(PASSWORD);
    await page.getByRole("button", { name: /^(Se connecter|Sign in)$/ }).click();
    await expect(page.locator("header a[href='/account']:visible")).toBeVisible();

    const paths = await headerLinks(page);
    expect(paths.length, "menu links").toBeGreaterThan(2);
    const visited: string[] = [];
    for (const path of paths) {
      // Client-side navigation: the route module is loaded in the browser.
      await page.locator(`header a[href="${path}"]:visible`).first().click();
      await expect.poll(() => errors.length > 0 || new URL(page.url()).pathname === path, `reaching ${path}`).toBe(true);
      await routerIdle(page);
      expect(errors, `after clicking ${path}`).toEqual([]);
      await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
      // Full load: server render, then hydration.
      const res = await page.reload();
      expect(res?.status(), path).toBeLessThan(400);
      await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
      await routerIdle(page);
      expect(errors, `after reloading ${path}`).toEqual([]);
      visited.push(path);
    }
    test.info().annotations.push({ type: "pages", description: `${role}: ${visited.join(", ")}` });
    expect(errors).toEqual([]);
  });
}
