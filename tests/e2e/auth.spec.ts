import { expect, test, type Page } from "@playwright/test";

const PASSWORD = "maillage-demo-2026";

async function signIn(page: Page, email: string, password = PASSWORD) {
  await page.goto("/login");
  await page.getByLabel(/Courriel|Email/).fill(email);
  await page.getByLabel(/^(Mot de passe|Password)$/).fill(password);
  await page.getByRole("button", { name: /Se connecter|Sign in/ }).click();
}

test("coordinator signs in in French, switches to English, invites a member who accepts and signs in", async ({ page, browser }) => {
  await signIn(page, "coordination@maillage.example");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Bonjour Élise Gagnon");
  await expect(page.locator("html")).toHaveAttribute("lang", "fr");
  await expect(page.getByRole("heading", { name: /Les grappes du réseau/ })).toBeVisible();
  await expect(page.getByRole("link", { name: "Aéro Montréal" })).toBeVisible();

  await page.getByRole("button", { name: "Switch to English" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Hello Élise Gagnon");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");

  await page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Invitations" }).click();
  const email = `new.member.${Date.now()}@numana.example`;
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Role").selectOption("member");
  await page.getByLabel("Cluster").selectOption({ label: "Numana" });
  await page.getByLabel("Email language").selectOption("fr");
  await page.getByRole("button", { name: "Send the invitation" }).click();
  await expect(page.getByRole("status")).toContainText(`Invitation sent to ${email}`);
  await expect(page.getByRole("cell", { name: email, exact: true })).toBeVisible();

  // The outbox worker delivers to the dev mailbox; its link is the invitation.
  const mail = page.locator("li.mail", { has: page.locator(".mail-to", { hasText: email }) }).first();
  await expect(async () => {
    await page.goto("/dev/mail");
    await expect(mail).toBeVisible({ timeout: 500 });
  }).toPass({ timeout: 15_000 });
  await expect(mail.locator(".mail-subject")).toHaveText("Invitation à rejoindre Maillage");
  const link = await mail.locator("a").first().getAttribute("href");
  expect(link).toMatch(/\/invitations\//);

  // A fresh browser context: the invitee.
  const context = await browser.newContext({ locale: "fr-CA" });
  const invitee = await context.newPage();
  await invitee.goto(link!);
  await expect(invitee.getByRole("heading", { name: "Accepter l'invitation" })).toBeVisible();
  await invitee.getByLabel("Votre nom").fill("Inès Morel");
  await invitee.getByLabel("Nouveau mot de passe").fill("une-phrase-de-passe-solide");
  await invitee.getByLabel("Confirmez le mot de passe").fill("une-phrase-de-passe-solide");
  await invitee.getByRole("button", { name: "Créer mon compte" }).click();
  await expect(invitee.getByRole("heading", { level: 1 })).toHaveText("Bonjour Inès Morel");
  await expect(invitee.getByText("Numana", { exact: true })).toBeVisible();

  // The link is single-use.
  await invitee.getByRole("button", { name: "Se déconnecter" }).click();
  await invitee.goto(link!);
  await expect(invitee.getByRole("alert")).toContainText("déjà été utilisée");

  // Sign in as the new member.
  await signIn(invitee, email, "une-phrase-de-passe-solide");
  await expect(invitee.getByRole("heading", { level: 1 })).toHaveText("Bonjour Inès Morel");
  await expect(invitee.getByRole("heading", { name: "Votre grappe" })).toBeVisible();
  await context.close();

  // Leave the coordinator's saved language as it was (French) for the other specs.
  await page.getByRole("button", { name: "Passer au français" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "fr");
});

test("a wrong password shows the error and keeps the email", async ({ page }) => {
  await signIn(page, "membre@numana.example", "not-the-password");
  await expect(page.getByRole("alert")).toHaveText("Courriel ou mot de passe incorrect.");
  await expect(page.getByLabel("Courriel")).toHaveValue("membre@numana.example");
  await expect(page).toHaveURL(/\/login/);
});

test("protected pages send anonymous visitors to sign-in and back", async ({ page }) => {
  await page.goto("/clusters/mmode");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fclusters%2Fmmode/);
  await page.getByLabel("Courriel").fill("admin@mmode.example");
  await page.getByLabel("Mot de passe", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Se connecter" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("MMode");
});

test("works at 375 px without horizontal scrolling, and unknown pages are a friendly 404", async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 740 });
  await signIn(page, "admin@numana.example");
  for (const path of ["/", "/clusters", "/invitations", "/account"]) {
    await page.goto(path);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, path).toBeLessThanOrEqual(0);
  }
  const res = await page.goto("/no-such-page");
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page introuvable");
});
