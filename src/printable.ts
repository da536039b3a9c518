// Untrusted text echoed back to people: control characters (terminal escapes, NUL, carriage returns)
// and bidirectional overrides (which can make text read backwards) are shown as "?" instead.
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function printable(text: string): string {
  return text.replace(UNPRINTABLE, '?');
}
