/** Lower-case and strip accents, for accent-insensitive comparisons ("Écotech" ~ "ecotech"). */
export function foldText(s: string): string {
  return s.normalize("NFD").replace(/\p{Diacritic}/gu, "").toLowerCase().trim();
}
