// How output shows names from other people's Frame.io data: control characters escaped, and an
// account or a workspace as its name and id (names can repeat), in every message and rendering alike.

/**
 * Names and emails come from other people's Frame.io data: control characters in them could
 * move the cursor or recolour a terminal, or break a line-based format. Shown as `\xNN` instead.
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (ch) => `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** `Acme Post (1f8a…)` for an account or a workspace with a name; the bare id without one. */
export function scopeLabel(id: string, name: string | null | undefined): string {
  return printable(name ? `${name} (${id})` : id);
}

/** `Marketing / Spring Campaign`: a project named under its workspace (project names repeat across workspaces). */
export function projectTitle(workspaceName: string, projectName: string): string {
  return `${workspaceName} / ${projectName}`;
}
