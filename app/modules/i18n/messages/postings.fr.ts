/** French messages of the postings module (keys prefixed "postings." or shared prefixes like "category."). */
export const postingsFr = {} as const;
