/** Signing in a demo account in its own browser context, the page switched to French. */
import { expect, type Browser, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "maillage-demo-2026";

export async function signInFrench(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext({ locale: "fr-CA", bypassCSP: true });
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel(/Courriel|Email/).fill(email);
  await page.getByLabel(/^(Mot de passe|Password)$/).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: /Se connecter|Sign in/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(/Bonjour|Hello/);
  if ((await page.locator("html").getAttribute("lang")) !== "fr") {
    await page.getByRole("button", { name: "Passer au français" }).click();
    await expect(page.locator("html")).toHaveAttribute("lang", "fr");
  }
  return page;
}
