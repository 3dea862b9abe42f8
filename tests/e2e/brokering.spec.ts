import { expect, test, type Browser, type Page } from "@playwright/test";

const PASSWORD = "maillage-demo-2026";

async function signIn(page: Page, email: string) {
  await page.goto("/login");
  await page.getByLabel(/Courriel|Email/).fill(email);
  await page.getByLabel(/^(Mot de passe|Password)$/).fill(PASSWORD);
  await page.getByRole("button", { name: /Se connecter|Sign in/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(/Bonjour|Hello/);
}

/** A signed-in page in the user's language (French, or English for the accounts that chose it). */
async function asUser(browser: Browser, email: string, lang: "fr" | "en" = "fr"): Promise<Page> {
  const context = await browser.newContext({ locale: "fr-CA" });
  const page = await context.newPage();
  await signIn(page, email);
  // Another test may have switched this account's language: put it back.
  if ((await page.locator("html").getAttribute("lang")) !== lang) {
    await page.getByRole("button", { name: lang === "fr" ? "Passer au français" : "Switch to English" }).click();
    await expect(page.locator("html")).toHaveAttribute("lang", lang);
  }
  return page;
}

const digits = (s: string | null) => Number((s ?? "").replace(/[^\d]/g, ""));

/** The newest dev-mailbox message to `to` whose subject is `subject` (polls: the worker delivers in the background). */
async function mailTo(page: Page, to: string, subject: string) {
  const mail = page.locator("li.mail", { has: page.locator(".mail-to", { hasText: to }) }).filter({ has: page.locator(".mail-subject", { hasText: subject }) }).first();
  await expect(async () => {
    await page.goto("/dev/mail");
    await expect(mail).toBeVisible({ timeout: 500 });
  }).toPass({ timeout: 30_000 });
  return mail;
}

test("a need meets another cluster's offer: proposal with reasons, approval with a note, introductions in the app and by email, answers, outcome, dashboard", async ({ browser }) => {
  test.setTimeout(180_000);
  const tag = Date.now().toString(36);
  const needTitle = `Espace de bureau partagé pour notre équipe ${tag}`;
  const offerTitle = `Shared coworking desks downtown ${tag}`;

  // The coordinator notes the dashboard's figures before the story.
  const coord = await asUser(browser, "coordination@maillage.example");
  await coord.goto("/impact?preset=all");
  await expect(coord.getByRole("heading", { level: 1 })).toHaveText("Impact de la mutualisation");
  const concludedBefore = digits(await coord.locator("[data-kpi=concluded]").textContent());
  const savingsBefore = digits(await coord.locator("[data-kpi=savings]").textContent());

  // Aéro Montréal's member (who works in English) offers desks.
  const daniel = await asUser(browser, "membre@aero-montreal.example", "en");
  await daniel.goto("/postings/new?kind=offer&category=office_space");
  await expect(daniel.getByRole("heading", { level: 1 })).toHaveText("New posting");
  await daniel.getByLabel("Title", { exact: true }).fill(offerTitle);
  await daniel.getByLabel("Description", { exact: true }).fill("Furnished coworking desks in our downtown Montréal office, with a meeting room and fast internet.");
  await daniel.getByRole("radio", { name: "English" }).check();
  await daniel.getByLabel("Space (number of desks or area)").fill("8");
  await daniel.getByLabel("Unit").selectOption("desks");
  await daniel.getByLabel("Region").selectOption("montreal");
  await daniel.getByLabel("Start").fill("2027-01-01");
  await daniel.getByLabel("End", { exact: true }).fill("2027-12-31");
  await daniel.getByLabel("Maximum budget or price (CAD)").fill("380");
  await daniel.getByRole("radio", { name: "a price per desk per month" }).check();
  await daniel.getByRole("button", { name: "Publish", exact: true }).click();
  await expect(daniel.getByRole("status")).toHaveText("Your posting is live.");

  // Numana's member posts a need through the form.
  const hugo = await asUser(browser, "membre@numana.example");
  await hugo.getByRole("navigation", { name: "Navigation principale" }).getByRole("link", { name: "Besoins et offres" }).click();
  await hugo.getByRole("link", { name: "Publier un besoin" }).click();
  // The office-space fields appear once the category is chosen (after the page has hydrated).
  await expect(async () => {
    await hugo.getByLabel("Catégorie").selectOption({ label: "Espace de bureau" });
    await expect(hugo.getByRole("group", { name: "Commodités" })).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  await hugo.getByLabel("Titre", { exact: true }).fill(needTitle);
  await hugo.getByLabel("Description", { exact: true }).fill("Nous cherchons quatre postes de travail dans un espace de bureau partagé à Montréal pour notre équipe TI.");
  await hugo.getByRole("radio", { name: "Français" }).check();
  await hugo.getByLabel("Espace (nombre de postes ou superficie)").fill("4");
  await hugo.getByLabel("Unité").selectOption({ label: "postes de travail" });
  await hugo.getByLabel("Région").selectOption({ label: "Montréal" });
  await hugo.getByLabel("Début").fill("2027-01-01");
  await hugo.getByLabel("Fin", { exact: true }).fill("2027-06-30");
  await hugo.getByLabel("Budget maximal ou prix ($ CA)").fill("400");
  await hugo.getByRole("radio", { name: "un prix par poste de travail par mois" }).check();
  await hugo.getByRole("button", { name: "Publier", exact: true }).click();
  await expect(hugo.getByRole("status")).toHaveText("Votre publication est en ligne.");

  // The engine proposes the pair (re-matched in the background); the coordinator sees it with its reasons.
  // (by its heading: the other proposals' cross-references name these postings too)
  const item = coord.locator(".bk-queue > li").filter({ has: coord.getByRole("heading", { level: 2, name: `${needTitle} ↔ ${offerTitle}` }) });
  await coord.goto("/coordination/matches");
  await expect(coord.getByRole("heading", { level: 1 })).toHaveText("Correspondances");
  // The demo postings give many proposals: narrow to Numana's office-space matches with the filters.
  await coord.getByLabel("Catégorie", { exact: true }).selectOption({ label: "Espace de bureau" });
  await coord.getByLabel("Grappe", { exact: true }).selectOption({ label: "Numana" });
  await coord.getByRole("button", { name: "Filtrer" }).click();
  await expect(coord).toHaveURL(/category=office_space&cluster=/);
  const filtered = coord.url();
  await expect(async () => {
    await coord.goto(filtered);
    await expect(item).toBeVisible({ timeout: 500 });
  }).toPass({ timeout: 30_000 });
  await expect(item.getByRole("heading", { name: "Pourquoi cette correspondance" })).toBeVisible();
  await expect(item.getByText(/^Même ressource : .*espace de bureau/)).toBeVisible();
  await expect(item.getByText("Même région : Montréal")).toBeVisible();
  await expect(item.getByText("Aéro Montréal", { exact: true })).toBeVisible();
  await expect(item.getByText("Numana", { exact: true })).toBeVisible();

  // … and approves it with a personal note.
  await item.getByRole("link", { name: "Examiner et décider" }).click();
  await expect(coord.getByRole("heading", { level: 1 })).toContainText(needTitle);
  await coord.getByLabel("Note personnelle (facultative)").fill("Vous cherchez tous deux à réduire vos coûts de locaux : parlez-vous !");
  await coord.getByRole("button", { name: "Approuver et envoyer les mises en relation" }).click();
  await expect(coord.getByRole("status")).toHaveText(/^Mise en relation enregistrée : le courriel part vers 2 personnes/);
  await expect(coord.getByText("Mise en relation", { exact: true }).first()).toBeVisible();
  const matchUrl = coord.url().split("?")[0];
  const matchId = matchUrl.split("/").pop()!;

  // Both parties see it in the app (a notification, then the introduction) …
  await hugo.goto("/notifications");
  await hugo.getByRole("link", { name: `Élise Gagnon vous met en relation avec Aéro Montréal au sujet de « ${needTitle} ».` }).click();
  await expect(hugo.getByRole("heading", { level: 1 })).toHaveText(`Mise en relation : ${needTitle}`);
  await expect(hugo.getByRole("blockquote", { name: "Un mot de la coordination" })).toContainText("Vous cherchez tous deux à réduire vos coûts de locaux : parlez-vous !");
  await expect(hugo.getByText("Daniel Morin <membre@aero-montreal.example>")).toBeVisible();

  await daniel.goto("/introductions");
  await expect(daniel.getByRole("heading", { level: 1 })).toHaveText("Introductions");
  await daniel.getByRole("link", { name: "With Numana" }).click();
  await expect(daniel.getByRole("heading", { level: 1 })).toHaveText(`Introduction: ${offerTitle}`);

  // … and by email, each in their own language, the coordinator in copy.
  const mails = await coord.context().newPage();
  const fr = await mailTo(mails, "membre@numana.example", `Mise en relation : « ${needTitle} » avec Aéro Montréal`);
  await expect(fr.locator(".mail-body")).toContainText("Bonjour Hugo Bélanger");
  await expect(fr.locator(".mail-body")).toContainText("Vous cherchez tous deux à réduire vos coûts de locaux");
  await expect(fr.locator(".mail-body")).toContainText(`/introductions/${matchId}`);
  const en = await mailTo(mails, "membre@aero-montreal.example", `Introduction: “${offerTitle}” with Numana`);
  await expect(en.locator(".mail-body")).toContainText("Hello Daniel Morin");
  await expect(en.locator(".mail-body")).toContainText("Hugo Bélanger <membre@numana.example>");

  // Both answer: interested. The match is in progress.
  await hugo.getByRole("radio", { name: "Nous sommes intéressés" }).check();
  await hugo.getByRole("button", { name: "Envoyer ma réponse" }).click();
  await expect(hugo.getByRole("status")).toHaveText("Réponse enregistrée : Intéressée.");
  await daniel.getByRole("radio", { name: "We are interested" }).check();
  await daniel.getByRole("button", { name: "Send my answer" }).click();
  await expect(daniel.getByRole("status")).toHaveText("Every party is interested: the introduction is in progress.");

  // Numana records the outcome.
  await hugo.reload();
  await hugo.getByLabel("Économies réalisées (CAD)").fill("12 000");
  await hugo.getByLabel("GES évités (kg éq. CO₂)").fill("3500");
  await hugo.getByLabel("Personnes ou organisations touchées (facultatif)").fill("2");
  await hugo.getByLabel("Résumé").fill("Quatre postes partagés au centre-ville pour 2027 ; bail commun signé.");
  await hugo.getByRole("button", { name: "Inscrire la mutualisation conclue" }).click();
  await expect(hugo.getByRole("status")).toHaveText("Résultat inscrit. Merci !");
  await expect(hugo.getByText("Économies : 12 000 $")).toBeVisible();

  // The coordinator's match page and the dashboard count it.
  await coord.goto(matchUrl);
  await expect(coord.getByText("Mutualisation conclue", { exact: true })).toBeVisible();
  await coord.goto("/impact?preset=all");
  await expect(coord.locator("[data-kpi=concluded]")).toHaveText(String(concludedBefore + 1));
  expect(digits(await coord.locator("[data-kpi=savings]").textContent())).toBe(savingsBefore + 12_000);
  await expect(coord.getByRole("figure", { name: "De la proposition à la mutualisation" })).toBeVisible();
  await expect(coord.getByRole("img", { name: "De la proposition à la mutualisation" })).toBeVisible();
  const csv = coord.getByRole("figure", { name: "De la proposition à la mutualisation" }).getByRole("link", { name: /Télécharger en CSV/ });
  await expect(csv).toHaveAttribute("href", "/impact/export/funnel?preset=all");
});

test("a party sees only its own introductions; a funder sees none of it", async ({ browser }) => {
  const other = await asUser(browser, "membre@mmode.example", "en");
  await other.goto("/introductions");
  await expect(other.getByRole("heading", { level: 1 })).toHaveText("Introductions");
  await expect(other.getByRole("link", { name: "With Numana" })).toHaveCount(0);
  const funder = await asUser(browser, "bailleur@meie.example");
  for (const path of ["/introductions", "/coordination/matches", "/impact"]) {
    const res = await funder.goto(path);
    expect(res?.status(), path).toBe(404);
  }
});

test("the coordinator runs the full matching computation on demand and sees its result", async ({ browser }) => {
  const coord = await asUser(browser, "coordination@maillage.example");
  await coord.goto("/coordination/matches/settings");
  const card = coord.getByRole("region", { name: "Moteur de correspondance" });
  await expect(card).toBeVisible();
  await expect(async () => {
    await card.getByRole("button", { name: "Relancer le calcul complet" }).click();
    await expect(card.getByText(/C'est demandé/)).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  // the background job picks it up; the card shows the finished run by itself (tests/e2e/coordination.spec.ts follows it closely)
  await expect(card.locator(".bk-run-line")).toHaveText(/Calcul complet terminé à .+ annonces, .+ correspondances/, { timeout: 30_000 });
  await expect(card.getByRole("button", { name: "Relancer le calcul complet" })).toBeEnabled();
  await coord.context().close();
});
