/** How missing cells are handled: imputed (or their own category), rows dropped, or refused. */
export type MissingPolicy = 'impute' | 'drop' | 'error';

export const MISSING_POLICIES: readonly MissingPolicy[] = ['impute', 'drop', 'error'];

/** Cell texts (after trimming) that mean "no value": what spreadsheets, R, pandas and SQL exports write. */
export const MISSING_TOKENS: readonly string[] = ['', 'NA', 'N/A', 'n/a', 'NaN', 'nan', 'null', 'NULL', 'None', '?', '.'];

const tokens = new Set(MISSING_TOKENS);

/** Whether a trimmed cell text is a missing value. */
export function isMissingText(text: string): boolean {
  return tokens.has(text);
}
