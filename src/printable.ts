// Untrusted text echoed back to people: control characters (terminal escapes, NUL, carriage returns)
// and bidirectional controls (overrides, embeddings, isolates and marks, which can make text read
// backwards: U+202A–U+202E, U+2066–U+2069, U+200E/U+200F, U+061C) are shown as "?" instead.
const BIDI = '\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069';
const UNPRINTABLE = new RegExp(`[\\u0000-\\u001f\\u007f-\\u009f${BIDI}]`, 'g');
// The same, keeping line breaks and tabs: for text flowlight lays out in lines itself.
const UNPRINTABLE_IN_LINES = new RegExp(`[\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f${BIDI}]`, 'g');

export function printable(text: string): string {
  return text.replace(UNPRINTABLE, '?');
}

/** `printable`, but `\n` and `\t` stay: the message's own layout. */
export function printableLines(text: string): string {
  return text.replace(UNPRINTABLE_IN_LINES, '?');
}
