/** French messages of the matching module (keys prefixed "matching." or shared prefixes like "category."). */
export const matchingFr = {
  "matching.run.title": "Moteur de correspondance",
  "matching.run.intro":
    "Le moteur recalcule les correspondances d'une annonce dès qu'elle est publiée ou modifiée, et refait le calcul complet chaque nuit. Relancez le calcul complet après un changement important, par exemple du score minimal.",
  "matching.run.never": "Aucun calcul complet n'a encore été fait.",
  "matching.run.running": "Calcul complet en cours depuis {at}.",
  "matching.run.last": "Dernier calcul complet : {at}, en {seconds} s — {postings} annonces, {matches} correspondances ({proposed} nouvelles, {withdrawn} retirées).",
  "matching.run.failed": "Le dernier calcul complet ({at}) a échoué : {error}",
  "matching.run.requested": "Calcul complet demandé à {at} ; il démarre dans la minute.",
  "matching.run.queued": "{count, plural, =0 {Aucune annonce en attente de recalcul.} one {# annonce en attente de recalcul.} other {# annonces en attente de recalcul.}}",
  "matching.run.button": "Relancer le calcul complet",
  "matching.run.done": "C'est demandé : le calcul complet démarre dans la minute.",
  "matching.run.already": "Un calcul complet est déjà demandé ou en cours.",
} as const;
