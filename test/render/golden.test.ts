import { describe, it } from 'vitest';
import { renderJson, renderMarkdown, renderRoleDiff, renderText } from '../../src/render/index.js';
import {
  ACCOUNT_NAMES,
  emptyPlan,
  fullLive,
  fullPlan,
  groupLive,
  groupPlan,
  largePlan,
  projectLive,
  projectPlan,
} from './fixtures.js';
import { expectGolden } from './golden.js';

const context = { accountNames: ACCOUNT_NAMES };

describe('golden files (UPDATE_GOLDEN=1 rewrites them)', () => {
  it.each([
    ['plan.txt', () => renderText(fullPlan, { color: false, ...context })],
    ['plan.color.txt', () => renderText(fullPlan, { color: true, ...context })],
    ['plan.md', () => renderMarkdown(fullPlan, context)],
    ['plan.json', () => renderJson(fullPlan)],
    ['plan.diff', () => renderRoleDiff(fullPlan, undefined, context)],
    ['plan.live.diff', () => renderRoleDiff(fullPlan, fullLive)],
    ['empty.txt', () => renderText(emptyPlan, { color: false })],
    ['empty.md', () => renderMarkdown(emptyPlan)],
    ['empty.json', () => renderJson(emptyPlan)],
    ['large.md', () => renderMarkdown(largePlan, context)],
    ['projects.txt', () => renderText(projectPlan, { color: false, ...context })],
    ['projects.md', () => renderMarkdown(projectPlan, context)],
    ['projects.json', () => renderJson(projectPlan)],
    ['projects.diff', () => renderRoleDiff(projectPlan, undefined, context)],
    ['projects.live.diff', () => renderRoleDiff(projectPlan, projectLive)],
    ['groups.txt', () => renderText(groupPlan, { color: false, ...context })],
    ['groups.color.txt', () => renderText(groupPlan, { color: true, ...context })],
    ['groups.md', () => renderMarkdown(groupPlan, context)],
    ['groups.json', () => renderJson(groupPlan)],
    ['groups.diff', () => renderRoleDiff(groupPlan, undefined, context)],
    ['groups.live.diff', () => renderRoleDiff(groupPlan, groupLive)],
  ])('%s', (name, render) => {
    expectGolden(name, render());
  });
});
