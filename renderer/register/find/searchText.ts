/**
 * Text matching for searches at the till: case and accents do not matter ("Ostlund" finds
 * "Östlund"), and every word typed must start a word of the text ("ann pet" finds "Anna Peters").
 */
export function normaliseForSearch(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** The typed query as normalised words; empty when there is nothing to search for. */
export const queryWords = (query: string): string[] =>
  normaliseForSearch(query).split(' ').filter(Boolean);

/** Whether each query word starts a word of the (already normalised) text. */
export function matchesWords(normalisedText: string, words: readonly string[]): boolean {
  if (words.length === 0) return false;
  const textWords = normalisedText.split(/[^\p{L}\p{N}]+/u);
  return words.every((word) => textWords.some((textWord) => textWord.startsWith(word)));
}
