/**
 * Keras 3's automatic object names (`adam`, `adam_1`, …) come from the one
 * table the whole library shares (src/naming.ts), as Keras keeps one per
 * session.
 */
import { clearSession } from '../naming.js';

export { autoName, toSnakeCase } from '../naming.js';

/**
 * Forgets the automatic names handed out so far, so the next Adam is called
 * `adam` again. Same as `clearSession()` (what `keras.backend.clear_session()`
 * does): layer and model names restart too.
 */
export function resetOptimizerNames(): void {
  clearSession();
}
