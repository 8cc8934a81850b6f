// The renderers: a plan (text for terminals, Markdown for pull requests, JSON for machines, a role diff),
// a drift report (text, Markdown for an issue, JSON) and apply's final report.
export { renderApplyReport } from './apply-report.js';
export { shouldColor, type ColorStream } from './color.js';
export { renderRoleDiff } from './diff.js';
export { renderDriftJson } from './drift-json.js';
export { DRIFT_MARKER, renderDriftMarkdown, type DriftMarkdownOptions } from './drift-markdown.js';
export { renderDriftText, type DriftTextOptions } from './drift-text.js';
export type { RenderContext } from './group.js';
export { renderJson } from './json.js';
export { accountNamesFrom } from './labels.js';
export { escapeMarkdown } from './comment.js';
export { MARKDOWN_MARKER, renderMarkdown, type MarkdownOptions } from './markdown.js';
export { estimateSentence, summarySentence } from './sentences.js';
export { renderText, type TextOptions } from './text.js';
