// How rolesync compares text: strings in code-unit order, emails without case or surrounding blanks.

/** Code-unit order: unlike localeCompare it does not depend on the machine's locale. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Emails are compared case-insensitively and without surrounding blanks everywhere. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
