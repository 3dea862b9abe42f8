import { expect, test, type Page } from "@playwright/test";

const PASSWORD = "maillage-demo-2026";

async function signIn(page: Page, email: string) {
  await page.goto("/login");
  await page.getByLabel(/Courriel|Email/).fill(email);
  await page.getByLabel(/^(Mot de passe|Password)$/).fill(PASSWORD);
  await page.getByRole("button", { name: /Se connecter|Sign in/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(/Bonjour|Hello/);
}

test("a member posts an office-space need in French, finds it with a misspelt search, and edits it", async ({ page }) => {
  await signIn(page, "membre@numana.example");
  await page.getByRole("navigation", { name: "Navigation principale" }).getByRole("link", { name: "Besoins et offres" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Besoins et offres");
  await page.getByRole("link", { name: "Publier un besoin" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Nouvelle publication");

  // The office-space fields appear only once the category is chosen.
  await expect(page.getByRole("group", { name: "Commodités" })).toHaveCount(0);
  await expect(page.getByRole("radio", { name: "Besoin" })).toBeChecked();
  await page.getByLabel("Catégorie").selectOption({ label: "Espace de bureau" });
  await expect(page.getByRole("group", { name: "Commodités" })).toBeVisible();

  await page.getByLabel("Titre", { exact: true }).fill("Bureaux lumineux pour trois personnes à Griffintown");
  await page.getByLabel("Description", { exact: true }).fill("Nous cherchons trois postes de travail dans un espace partagé à Griffintown, avec une salle de réunion.");
  await page.getByLabel("Mots-clés").fill("bureaux, Griffintown");
  await page.getByRole("radio", { name: "Français" }).check();
  await page.getByRole("checkbox", { name: "Salle de réunion" }).check();
  await page.getByRole("checkbox", { name: "Près du transport collectif" }).check();
  await page.getByLabel("Espace (nombre de postes ou superficie)").fill("3");
  await page.getByLabel("Unité").selectOption({ label: "postes de travail" });
  await page.getByLabel("Région").selectOption({ label: "Montréal" });
  await page.getByLabel("Début").fill("2027-03-01");
  await page.getByLabel("Fin", { exact: true }).fill("2027-12-31");
  await page.getByLabel("Budget maximal ou prix ($ CA)").fill("475");
  // The amount's basis is said, never guessed from the unit.
  await page.getByRole("group", { name: "Ce montant est" }).getByRole("radio", { name: "un prix par poste de travail par mois" }).check();
  await page.getByRole("button", { name: "Publier", exact: true }).click();

  await expect(page.getByRole("status")).toHaveText("Votre publication est en ligne.");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Bureaux lumineux pour trois personnes à Griffintown");
  await expect(page.getByText("Salle de réunion, Près du transport collectif")).toBeVisible();
  await expect(page.getByText("3 postes de travail")).toBeVisible();
  await expect(page.getByText(/475\s\$ par poste par mois/)).toBeVisible();

  // Found again with a misspelt search; the search lives in the URL.
  await page.getByRole("link", { name: "Retour aux besoins et offres" }).click();
  await page.getByLabel("Rechercher").fill("bureaus Griffintwon");
  await page.getByRole("button", { name: "Appliquer" }).click();
  await expect(page).toHaveURL(/\/postings\?q=bureaus\+Griffintwon$/);
  const result = page.getByRole("link", { name: "Bureaux lumineux pour trois personnes à Griffintown" });
  await expect(result).toBeVisible();
  await result.click();

  // Edited: the form comes back with its own fields filled in.
  await page.getByRole("link", { name: "Modifier" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Modifier la publication");
  await expect(page.getByRole("checkbox", { name: "Salle de réunion" })).toBeChecked();
  await expect(page.getByLabel("Unité")).toHaveValue("desks");
  await page.getByLabel("Titre", { exact: true }).fill("Bureaux lumineux pour quatre personnes à Griffintown");
  await page.getByLabel("Espace (nombre de postes ou superficie)").fill("4");
  await page.getByRole("checkbox", { name: "Meublé" }).check();
  await page.getByRole("button", { name: "Enregistrer les modifications" }).click();

  await expect(page.getByRole("status")).toHaveText("Modifications enregistrées.");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Bureaux lumineux pour quatre personnes à Griffintown");
  await expect(page.getByText("4 postes de travail")).toBeVisible();
  await expect(page.getByText("Salle de réunion, Meublé, Près du transport collectif")).toBeVisible();
  const history = page.getByRole("region", { name: "Historique" });
  await expect(history.getByRole("listitem")).toHaveCount(2);
  await expect(history.getByRole("listitem").first()).toContainText("Modification");
});

test("the posting form shows errors next to its fields and works at 375 px", async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 800 });
  await signIn(page, "membre@numana.example");
  await page.goto("/postings/new?kind=need&category=office_space");
  await page.getByLabel("Titre", { exact: true }).fill("<script>alert(1)</script>");
  await page.getByRole("button", { name: "Publier", exact: true }).click();
  const summary = page.getByRole("alert");
  await expect(summary).toContainText("Le formulaire contient des erreurs. Corrigez les champs indiqués.");
  await expect(summary.getByRole("link", { name: /^Description/ })).toBeVisible();
  await expect(page.getByLabel("Description", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Titre", { exact: true })).toHaveValue("<script>alert(1)</script>");
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
});
