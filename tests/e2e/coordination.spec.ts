/**
 * The coordinator's throughput in the browser: ten proposals cleared with the keyboard alone, on one
 * page load; the overlap warning and its merge; the full computation followed live, without a reload.
 */
import { expect, test, type Browser, type Locator, type Page } from "@playwright/test";
import { refused } from "./axe";
import { signInFrench } from "./sign-in";

const PASSWORD = "maillage-demo-2026";

// axe is injected as a script of the test's own (the app's CSP would rightly refuse it)
test.use({ bypassCSP: true });

const coordinator = (browser: Browser): Promise<Page> => signInFrench(browser, "coordination@maillage.example");

/** The proposal the keyboard is on. */
const current = (page: Page): Locator => page.locator(".bk-queue > li[aria-current='true']");

test("the coordinator clears ten proposals with the keyboard alone, on one page load", async ({ browser }) => {
  test.setTimeout(120_000);
  const page = await coordinator(browser);
  // sorted by category: equipment, events, expertise, IT… come before the joint-grant pools other tests use
  await page.goto("/coordination/matches?sort=category");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Correspondances");
  const tab = page.getByRole("navigation", { name: "États des correspondances" }).getByRole("link").first();
  const before = Number((await tab.textContent())?.match(/\((\d+)\)/)?.[1]);
  expect(before).toBeGreaterThanOrEqual(12);

  // j, once the page has hydrated, puts the keyboard on the first proposal
  await expect(async () => {
    await page.keyboard.press("j");
    await expect(current(page)).toHaveCount(1, { timeout: 500 });
  }).toPass({ timeout: 15_000 });
  await expect(current(page)).toBeFocused();

  const documents: string[] = [];
  page.on("request", (r) => {
    if (r.resourceType() === "document") documents.push(r.url());
  });

  // ? shows the shortcuts; Escape closes them
  await page.keyboard.press("?");
  const help = page.getByRole("dialog", { name: "Raccourcis clavier" });
  await expect(help).toBeVisible();
  await expect(help.getByRole("cell", { name: "Proposition suivante" })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(help).toBeHidden();

  // typing in a field is typing, not shortcuts: the reason box takes "a", "d", "j"
  await page.keyboard.press("r");
  expect(await refused(page), "axe with a decision panel open").toEqual([]);
  const panel = current(page).getByRole("group", { name: /^Rejeter/ });
  await expect(panel.getByLabel("Pourquoi ?")).toBeFocused();
  await page.keyboard.press("Tab");
  await page.keyboard.type("ad j");
  await expect(panel.getByLabel("Précision (facultative)")).toHaveValue("ad j");
  await expect(current(page).getByRole("group", { name: /^Approuver/ })).toHaveCount(0);
  await page.keyboard.press("Escape");
  await expect(panel).toHaveCount(0);
  await expect(current(page)).toBeFocused();

  let cleared = 0;
  let approved = 0;
  const skipped: string[] = [];
  for (let step = 0; cleared < 10 && step < 30; step++) {
    const item = current(page);
    const id = (await item.getAttribute("data-id"))!;
    const text = (await item.textContent()) ?? "";
    if (text.includes("Demande de subvention conjointe")) {
      // left for the joint-application tests
      skipped.push(id);
      await page.keyboard.press("j");
      await expect(current(page)).not.toHaveAttribute("data-id", id);
      continue;
    }
    const overlaps = text.includes("Chevauchement");
    const decision = overlaps ? "defer" : cleared % 3 === 0 ? "approve" : cleared % 3 === 1 ? "reject" : "defer";
    if (decision === "approve") {
      await page.keyboard.press("a");
      await expect(item.getByRole("button", { name: "Confirmer et envoyer" })).toBeFocused();
      await page.keyboard.press("Enter");
    } else if (decision === "reject") {
      await page.keyboard.press("r");
      await expect(item.getByLabel("Pourquoi ?")).toBeFocused();
      await page.keyboard.press("ArrowDown"); // the first reason
      await page.keyboard.press("Enter");
    } else {
      await page.keyboard.press("d");
      await expect(item.getByLabel("Revient dans")).toBeFocused();
      await page.keyboard.press("Enter");
    }
    const done = page.locator(`.bk-queue > li[data-id='${id}'][data-decided='true']`);
    const refused = page.locator(`.bk-queue > li[data-id='${id}'] .bk-refused`);
    await expect(done.or(refused)).toBeVisible();
    if (await refused.isVisible()) {
      // an approval the server refused (an overlap it knew of): said on the proposal, then deferred
      await expect(refused).toContainText("Une mise en relation contient déjà");
      await page.keyboard.press("Escape");
      await page.keyboard.press("d");
      await page.keyboard.press("Enter");
      await expect(done).toBeVisible();
    } else if (decision === "approve") approved++;
    cleared++;
    // the keyboard moves on to the next proposal by itself
    await expect(current(page)).toBeFocused();
    await expect(current(page)).not.toHaveAttribute("data-id", id);
  }
  expect(cleared).toBe(10);
  expect(approved).toBeGreaterThanOrEqual(1);
  await expect(page.locator(".bk-queue > li[data-decided='true']")).toHaveCount(10);
  await expect(page.locator(".bk-queue > li[data-decided='true']").filter({ hasText: "Approuvée : la mise en relation part vers" }).first()).toBeVisible();
  await expect(page.locator(".bk-queue > li[data-decided='true']").filter({ hasText: "Rejetée : Pas la même ressource" }).first()).toBeVisible();
  await expect(page.locator(".bk-queue > li[data-decided='true']").filter({ hasText: "Reportée : elle revient dans la file le" }).first()).toBeVisible();
  await expect(tab).toContainText(`(${before - 10})`);
  // not one page load for the ten decisions
  expect(documents).toEqual([]);

  // the server agrees: ten fewer proposals to decide
  await page.reload();
  await expect(page.getByRole("navigation", { name: "États des correspondances" }).getByRole("link").first()).toContainText(`(${before - 10})`);
  for (const id of skipped) await expect(page.locator(`.bk-queue > li[data-id='${id}']`)).toBeVisible();
  await page.context().close();
});

test("approving a proposal whose posting is already introduced warns of the overlap and offers to merge", async ({ browser }) => {
  test.setTimeout(90_000);
  const page = await coordinator(browser);
  await page.goto("/coordination/matches");
  // a proposal the server shows as overlapping a live introduction; when none does yet, make one:
  // approve a proposal that shares a posting with another (the queue's cross-references say which)
  const overlapping = page.locator(".bk-queue > li").filter({ has: page.locator(".bk-overlap-badge") });
  if ((await overlapping.count()) === 0) {
    const sharing = page.locator(".bk-queue > li").filter({ has: page.locator(".bk-xref-list > li:not(.bk-xref-live)") });
    await expect(sharing.first()).toBeVisible();
    await sharing.first().getByRole("link", { name: "Examiner et décider" }).click();
    await page.getByRole("button", { name: "Approuver et envoyer les mises en relation" }).click();
    await expect(page.locator(".badge.bk-status").first()).toHaveText("Mise en relation");
    await page.goto("/coordination/matches");
  }
  await expect(overlapping.first()).toBeVisible();
  const title = (await overlapping.first().locator("h2").textContent())!;
  await overlapping.first().getByRole("link", { name: "Examiner et décider" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(title);
  const warning = page.getByRole("region", { name: "Attention : chevauchement avec une mise en relation" });
  await expect(warning).toBeVisible();
  await expect(warning).toContainText("déjà dans la mise en relation");

  // approving without confirming is refused, nothing sent
  await page.getByRole("button", { name: "Approuver et envoyer les mises en relation" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Une mise en relation contient déjà" }).first()).toBeVisible();
  await expect(page.locator(".badge.bk-status").first()).toHaveText(/Proposée|Reportée/);

  // merge: the proposal's other posting joins the introduction (or the proposal is closed as covered)
  await warning.getByRole("button").first().click();
  await expect(page.getByRole("status").first()).toHaveText(/ajoutées? à cette mise en relation|cette mise en relation la couvre déjà/);
  await expect(page.locator(".badge.bk-status").first()).toHaveText("Mise en relation");
  await expect(page.getByRole("heading", { name: "Historique" })).toBeVisible();
  await expect(page.locator(".bk-event-merged")).toHaveCount(1);
  // the introduction's follow-up (answers, delivery, notes) passes axe too
  await expect(page.getByRole("heading", { name: "Suivi des réponses" })).toBeVisible();
  await page.getByLabel("Nouvelle note").fill("Appeler CargoM lundi.");
  await page.getByRole("button", { name: "Ajouter la note" }).click();
  await expect(page.getByRole("status").first()).toHaveText("Note ajoutée.");
  await expect(page.locator(".bk-note-item").first()).toContainText("Appeler CargoM lundi.");
  await expect(page.locator(".bk-note-item").first()).toContainText("Élise Gagnon");
  expect(await refused(page), "axe on an introduction").toEqual([]);
  await page.context().close();
});

test("the coordinator follows the full computation live: asked, running or done, and its result without a reload", async ({ browser }) => {
  test.setTimeout(90_000);
  const page = await coordinator(browser);
  await page.goto("/coordination/matches/settings");
  const card = page.getByRole("region", { name: "Moteur de correspondance" });
  await expect(card).toBeVisible();
  const documents: string[] = [];
  page.on("request", (r) => {
    if (r.resourceType() === "document") documents.push(r.url());
  });
  const button = card.getByRole("button", { name: "Relancer le calcul complet" });
  // after hydration the button asks through a fetcher
  await expect(async () => {
    await button.click();
    await expect(card.getByText("C'est demandé : suivez le calcul complet ci-dessous.")).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  const run = card.locator(".bk-run");
  // waiting or running, with its progress bar…
  await expect(run).toHaveAttribute("data-state", /requested|running|finished/);
  // …then finished, with its result, without reloading the page
  await expect(run).toHaveAttribute("data-state", "finished", { timeout: 30_000 });
  await expect(card.locator(".bk-run-line")).toHaveText(/Calcul complet terminé à .+, en .+ s : .+ annonces, .+ correspondances/);
  await expect(card.getByRole("status").filter({ hasText: "Calcul complet terminé" })).toHaveCount(1);
  await expect(button).toBeEnabled();
  expect(documents).toEqual([]);
  expect(await refused(page)).toEqual([]);
  await page.context().close();
});

test("without JavaScript the list still decides: the page answers with each result", async ({ browser }) => {
  const context = await browser.newContext({ locale: "fr-CA", javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel(/Courriel|Email/).fill("coordination@maillage.example");
  await page.getByLabel(/^(Mot de passe|Password)$/).fill(PASSWORD);
  await page.getByRole("button", { name: /Se connecter|Sign in/ }).click();
  await page.goto("/coordination/matches?sort=newest");
  const first = page.locator(".bk-queue > li").first();
  const title = (await first.locator("h2").textContent())!;
  await expect(first.getByRole("button", { name: "Reporter de 7 jours" })).toBeVisible();
  // the buttons that open panels need JavaScript: they are not offered
  await expect(first.getByRole("button", { name: "Reporter", exact: true })).toHaveCount(0);
  await first.getByRole("button", { name: "Reporter de 7 jours" }).click();
  await expect(page.getByRole("status").filter({ hasText: title })).toContainText("Reportée : elle revient dans la file le");
  await expect(page.locator(".bk-queue > li h2", { hasText: title })).toHaveCount(0);
  await context.close();
});
