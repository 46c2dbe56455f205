/**
 * Years parseWorkbooksDate accepts. Below 1900 is a typo for a key's validity (and before the epoch formats
 * Workbooks emits); 9999 is the largest year a four-digit `%Y` can carry.
 */
export const MIN_PARSE_YEAR = 1900;
export const MAX_PARSE_YEAR = 9999;
