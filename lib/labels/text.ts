/** Longest label value exported; longer values are cut (at a code point boundary). */
export const MAX_LABEL_LENGTH = 100;

/**
 * Makes a free-form label value safe to export: well-formed UTF-16 (lone surrogates
 * become U+FFFD), no control characters, at most `max` code units.
 */
export function cleanLabelText(value: string, max = MAX_LABEL_LENGTH): string {
  let text = value
    .toWellFormed()
    .replace(/[\u0000-\u001f\u007f]/g, ' ')
    .trim();
  if (text.length > max) {
    text = text.slice(0, max);
    // Do not leave half of a surrogate pair at the cut.
    const last = text.charCodeAt(text.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) text = text.slice(0, -1);
  }
  return text;
}
