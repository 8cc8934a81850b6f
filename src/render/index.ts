// The renderers of a plan: text for terminals, Markdown for pull requests, JSON for machines, a role diff.
export { shouldColor, type ColorStream } from './color.js';
export { renderRoleDiff } from './diff.js';
export type { RenderContext } from './group.js';
export { renderJson } from './json.js';
export { accountNamesFrom } from './labels.js';
export { escapeMarkdown, MARKDOWN_MARKER, renderMarkdown, type MarkdownOptions } from './markdown.js';
export { estimateSentence, summarySentence } from './sentences.js';
export { renderText, type TextOptions } from './text.js';
