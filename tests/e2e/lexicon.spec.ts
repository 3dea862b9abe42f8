import { expect, test, type Browser, type Page } from "@playwright/test";
import { refused } from "./axe";
import { signInFrench } from "./sign-in";

const asUser = (browser: Browser, email: string): Promise<Page> => signInFrench(browser, email);

/** Publish an expertise posting through the form (French labels). */
async function publish(page: Page, kind: "need" | "offer", title: string, description: string, language: "Français" | "English", domain: string) {
  await page.goto(`/postings/new?kind=${kind}`);
  await expect(async () => {
    await page.getByLabel("Catégorie").selectOption({ label: "Expertise et services-conseils" });
    await expect(page.getByLabel("Catégorie")).toHaveValue("expertise", { timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  await page.getByLabel("Titre", { exact: true }).fill(title);
  await page.getByLabel("Description", { exact: true }).fill(description);
  await page.getByRole("radio", { name: language }).check();
  await page.getByLabel("Domaine d'expertise").fill(domain);
  await page.getByLabel("Région").selectOption({ label: "Montréal" });
  await page.getByRole("button", { name: "Publier", exact: true }).click();
  await expect(page.getByRole("status")).toHaveText("Votre publication est en ligne.");
}

test("the coordinator rejects a proposal as not the same resource, teaches a synonym, previews its effect and sees the new proposal", async ({ browser }) => {
  test.setTimeout(180_000);
  const tag = Date.now().toString(36);
  const needTitle = `Analyse par tomodensitométrie de pièces moulées ${tag}n`;
  const offerTitle = `Industrial CT scanning services ${tag}o`;

  // Two clusters name one resource in two vocabularies.
  const hugo = await asUser(browser, "membre@numana.example");
  await publish(hugo, "need", needTitle, "Nous voulons faire examiner des pièces moulées par tomodensitométrie.", "Français", "tomodensitométrie");
  const daniel = await asUser(browser, "membre@aero-montreal.example");
  await publish(daniel, "offer", offerTitle, "We scan parts with our industrial CT scanner.", "English", "CT scanning");

  // The coordinator rejects a proposal of the queue as not the same resource.
  const coord = await asUser(browser, "coordination@maillage.example");
  await coord.goto("/coordination/matches");
  await expect(coord.getByRole("heading", { level: 1 })).toHaveText("Correspondances");
  await coord.locator(".bk-queue > li").first().getByRole("link", { name: "Examiner et décider" }).click();
  await coord.getByLabel("Pourquoi ?").selectOption({ label: "Pas la même ressource" });
  await coord.getByRole("button", { name: "Rejeter la correspondance", exact: true }).click();
  await expect(coord.getByRole("status")).toContainText(/rejet/i);

  // The pair is not proposed (the engine does not know the two words are one thing).
  const pair = coord.getByRole("heading", { level: 2, name: `${needTitle} ↔ ${offerTitle}` });
  await coord.goto("/coordination/matches?category=expertise&sort=newest");
  await expect(pair).toHaveCount(0);

  // The lexicon, from the queue.
  await coord.goto("/coordination/matches");
  await coord.getByRole("link", { name: "Lexique du réseau" }).click();
  await expect(coord.getByRole("heading", { level: 1 })).toHaveText("Lexique du réseau");
  expect(await refused(coord)).toEqual([]);

  // Bad input: one character, next to the field, nothing saved.
  await coord.getByLabel("Premier terme").fill("tomodensitométrie");
  await coord.getByLabel("Second terme").fill("x");
  await coord.getByRole("button", { name: "Voir l'effet" }).click();
  await expect(coord.getByText("Un terme d'un seul caractère est trop court", { exact: false }).first()).toBeVisible();

  // The preview says what the rule would change, before anything is saved.
  await coord.getByLabel("Second terme").fill("CT scanning");
  await coord.getByRole("button", { name: "Voir l'effet" }).click();
  const preview = coord.locator(".lexicon-preview");
  await expect(preview).toContainText(/Cette règle retirerait .* et en ajouterait \d+\./);
  await expect(preview.getByRole("listitem").filter({ hasText: needTitle }).filter({ hasText: offerTitle })).toBeVisible();
  expect(await refused(coord)).toEqual([]);
  await coord.getByRole("button", { name: "Enregistrer l'entrée" }).click();
  await expect(coord.getByRole("status")).toContainText("Entrée enregistrée.");
  await expect(coord.getByRole("cell", { name: "tomodensitométrie = CT scanning" })).toBeVisible();

  // The new proposal is in the queue.
  await coord.goto("/coordination/matches?category=expertise&sort=newest");
  await expect(pair).toBeVisible();
});
