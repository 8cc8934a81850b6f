// "Did you mean …?" moved to src/suggest.ts so that src/manifest can use it too (imports run down
// ARCHITECTURE.md's table: manifest/ may not import plan/); re-exported here for plan/ and cmd/.
export { closest } from '../suggest.js';
