/**
 * The clusters' forms in the browser (issue 12): while a member writes a need, the matching engine
 * tells them that two other clusters need the same thing (with JavaScript, as they type; without, with
 * the "check" button); the phone layout — a compact header whose menu opens without JavaScript and by
 * keyboard, the first result of the list on the first screen, no horizontal scroll, an introduction
 * answered at 390 × 844 starting with nothing pre-selected; closing a posting asks why.
 */
import { expect, test, type Browser, type Page } from "@playwright/test";

const PASSWORD = "maillage-demo-2026";
const PHONE = { width: 390, height: 844 };

async function signIn(page: Page, email: string) {
  await page.goto("/login");
  await page.getByLabel(/Courriel|Email/).fill(email);
  await page.getByLabel(/^(Mot de passe|Password)$/).fill(PASSWORD);
  await page.getByRole("button", { name: /Se connecter|Sign in/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(/Bonjour|Hello/);
}

async function asUser(browser: Browser, email: string, opts: { viewport?: { width: number; height: number }; javaScriptEnabled?: boolean } = {}) {
  const context = await browser.newContext({ locale: "fr-CA", ...opts });
  const page = await context.newPage();
  await signIn(page, email);
  if ((await page.locator("html").getAttribute("lang")) !== "fr") {
    await page.getByRole("button", { name: "Passer au français" }).first().click({ force: true });
  }
  return page;
}

async function noHorizontalScroll(page: Page) {
  const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  expect(scroll, page.url()).toBeLessThanOrEqual(client);
}

const LICENCES = {
  title: "Achat regroupé de licences Microsoft 365",
  description: "Nous devons acheter 20 licences Microsoft 365 Business au printemps 2027 et voudrions un prix de groupe.",
};

test("a member writing a need is told, as they type, that two other clusters need the same thing", async ({ page }) => {
  await signIn(page, "membre@numana.example");
  await page.goto("/postings/new?kind=need");
  await expect(async () => {
    await page.getByLabel("Catégorie").selectOption({ label: "Achats regroupés" });
    await expect(page.getByLabel("Article ou équipement")).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  const panel = page.getByRole("region", { name: "Cela existe peut-être déjà" });
  await expect(panel).toContainText("Choisissez le type et la catégorie");
  await page.getByLabel("Titre", { exact: true }).fill(LICENCES.title);
  await page.getByLabel("Article ou équipement").fill("Licences Microsoft 365");
  await page.getByLabel("Quantité").fill("20");
  await page.getByLabel("Unité", { exact: true }).selectOption({ label: "licences" });
  await page.getByLabel("Début").fill("2027-03-01");
  await page.getByLabel("Fin", { exact: true }).fill("2027-06-30");
  // (the engine's candidate keys come from the first full computation, which runs at start: retype until it has)
  await expect(async () => {
    await page.getByLabel("Description", { exact: true }).fill(`${LICENCES.description} `);
    await page.getByLabel("Description", { exact: true }).fill(LICENCES.description);
    await expect(panel).toContainText("2 autres grappes ont aussi ce besoin — un regroupement pourrait se former.", { timeout: 3000 });
  }).toPass({ timeout: 40_000 });
  const needs = panel.getByRole("list", { name: "Besoins semblables" });
  await expect(needs.getByRole("listitem")).toHaveCount(2);
  await expect(needs).toContainText("Propulsion Québec");
  await expect(needs).toContainText("Aéro Montréal");
  await expect(needs.getByRole("link", { name: /Microsoft 365/ }).first()).toHaveAttribute("href", /^\/postings\/[0-9a-f-]{36}$/);
  // The budget says what it is: with a unit, a total or a price per licence.
  await page.getByLabel("Budget maximal ou prix ($ CA)").fill("1 500,50");
  await page.getByRole("radio", { name: "un montant total" }).check();
  await page.getByRole("button", { name: "Publier", exact: true }).click();
  await expect(page.getByRole("status")).toHaveText("Votre publication est en ligne.");
  await expect(page.getByText(/1\s500,50\s\$ au total/)).toBeVisible();
});

test.describe("without JavaScript", () => {
  test("the 'check' button tells the same, on the page; closing asks why, in a disclosure", async ({ browser }) => {
    const page = await asUser(browser, "membre@numana.example", { javaScriptEnabled: false });
    await page.goto("/postings/new?kind=need&category=group_purchasing");
    await page.getByLabel("Titre", { exact: true }).fill(LICENCES.title);
    await page.getByLabel("Description", { exact: true }).fill(LICENCES.description);
    await page.getByLabel("Article ou équipement").fill("Licences Microsoft 365");
    await page.getByRole("button", { name: "Vérifier si cela existe déjà" }).click();
    const panel = page.getByRole("region", { name: "Cela existe peut-être déjà" });
    await expect(panel).toContainText("2 autres grappes ont aussi ce besoin");
    await expect(page.getByLabel("Titre", { exact: true })).toHaveValue(LICENCES.title);

    // Published as a total (no unit: the only basis), then closed with a reason.
    await page.getByLabel("Budget maximal ou prix ($ CA)").fill("12 000");
    await page.getByRole("button", { name: "Publier", exact: true }).click();
    await expect(page.getByRole("status")).toHaveText("Votre publication est en ligne.");
    await page.getByText("Fermer", { exact: true }).click(); // the disclosure's summary
    await page.getByRole("button", { name: "Confirmer la fermeture" }).click();
    const summary = page.getByRole("alert");
    await expect(summary).toBeFocused();
    await expect(summary).toContainText("Indiquez pourquoi vous fermez la publication.");
    await page.getByRole("radio", { name: "N'est plus nécessaire" }).check();
    await page.getByRole("button", { name: "Confirmer la fermeture" }).click();
    await expect(page.getByRole("status")).toHaveText("Publication fermée. Vous pouvez la rouvrir pendant 30 jours.");
    await expect(page.getByText(/Fermée le .* : N'est plus nécessaire\. Vous pouvez la rouvrir jusqu'au/)).toBeVisible();
    await page.getByRole("button", { name: "Rouvrir" }).click();
    await expect(page.getByRole("status")).toHaveText("Publication rouverte pour une nouvelle période.");
    await page.context().close();
  });

  test("the phone menu opens without JavaScript", async ({ browser }) => {
    const page = await asUser(browser, "membre@numana.example", { viewport: PHONE, javaScriptEnabled: false });
    await page.goto("/postings");
    const nav = page.getByRole("navigation", { name: "Navigation principale" });
    await expect(nav).toBeHidden();
    await page.locator("summary.menu-button").click();
    await expect(nav).toBeVisible();
    await nav.getByRole("link", { name: "Grappes" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Répertoire des grappes");
    await page.context().close();
  });
});

test("phone first (390 × 844): a compact header with a keyboard menu, the first result on the first screen, no horizontal scroll", async ({ browser }) => {
  const page = await asUser(browser, "membre@numana.example", { viewport: PHONE });
  await page.goto("/postings");
  const header = await page.locator("header.site-header").boundingBox();
  expect(header!.height).toBeLessThanOrEqual(72);
  // The first result's title is on the first screen.
  const first = page.locator(".posting-list > li").first().getByRole("heading");
  const box = await first.boundingBox();
  expect(box!.y + box!.height).toBeLessThanOrEqual(PHONE.height);
  await noHorizontalScroll(page);

  // The menu, by keyboard: focus the button, Enter opens it, the links are there.
  const nav = page.getByRole("navigation", { name: "Navigation principale" });
  await expect(nav).toBeHidden();
  await page.locator("summary.menu-button").focus();
  await page.keyboard.press("Enter");
  await expect(nav).toBeVisible();
  await page.keyboard.press("Tab");
  await expect(nav.getByRole("link").first()).toBeFocused();
  await nav.getByRole("link", { name: "Besoins et offres" }).press("Enter");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Besoins et offres");
  await expect(nav).toBeHidden(); // the menu closes on navigation

  // The filters fold away; searching stays at hand.
  await expect(page.getByLabel("Rechercher")).toBeVisible();
  await expect(page.getByLabel("Catégorie")).toBeHidden();
  await page.getByText("Plus de filtres").click();
  await expect(page.getByLabel("Catégorie")).toBeVisible();

  // Contradictory dates: the message next to the filter.
  await page.goto("/postings?from=2027-06-01&to=2027-01-01");
  await expect(page.getByText("Cette date doit être égale ou postérieure à la date « Disponible à partir du ».")).toBeVisible();
  await expect(page.getByLabel("Jusqu'au")).toHaveAttribute("aria-invalid", "true");

  for (const url of ["/", "/postings", "/postings/new?kind=need&category=office_space", "/introductions", "/postings/import"]) {
    await page.goto(url);
    await noHorizontalScroll(page);
  }
  await page.context().close();
});

test("an introduction is answered on a phone, starting with nothing pre-selected", async ({ browser }) => {
  // The coordinator introduces Numana's helpdesk offer to a cluster that needs it (a demo proposal).
  const coord = await asUser(browser, "coordination@maillage.example");
  await coord.goto("/coordination/matches");
  await coord.getByLabel("Catégorie", { exact: true }).selectOption({ label: "Soutien informatique (TI)" });
  await coord.getByLabel("Grappe", { exact: true }).selectOption({ label: "Numana" });
  await coord.getByRole("button", { name: "Filtrer" }).click();
  const item = coord.locator(".bk-queue > li").filter({ hasText: "Service d'assistance informatique (helpdesk) mutualisé" }).first();
  await expect(async () => {
    await coord.reload();
    await expect(item).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 40_000 });
  await item.getByRole("link", { name: "Examiner et décider" }).click();
  await coord.getByRole("button", { name: "Approuver et envoyer les mises en relation" }).click();
  await expect(coord.getByRole("status")).toContainText("Mise en relation enregistrée");
  const matchId = coord.url().split("?")[0].split("/").pop()!;

  const hugo = await asUser(browser, "membre@numana.example", { viewport: PHONE });
  await hugo.goto(`/introductions/${matchId}`);
  await expect(hugo.getByRole("heading", { level: 1 })).toContainText("Service d'assistance informatique");
  await noHorizontalScroll(hugo);
  const yes = hugo.getByRole("radio", { name: "Nous sommes intéressés" });
  const no = hugo.getByRole("radio", { name: "Nous ne sommes pas intéressés" });
  await expect(yes).not.toBeChecked();
  await expect(no).not.toBeChecked();
  // Sent without a choice: told so, nothing recorded.
  await hugo.getByRole("button", { name: "Envoyer ma réponse" }).click();
  await expect(hugo.getByRole("alert")).toBeVisible();
  await yes.check();
  await hugo.getByRole("button", { name: "Envoyer ma réponse" }).click();
  await expect(hugo.getByRole("status")).toHaveText("Réponse enregistrée : Intéressée.");
  await noHorizontalScroll(hugo);
  await coord.context().close();
  await hugo.context().close();
});
