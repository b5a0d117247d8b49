import fs from 'node:fs';
import path from 'node:path';

/**
 * A file of the package, the first folder up from here that has it: this module runs from src/ (tests),
 * from dist/src/ (tsc's output) and from dist/ (the bundle `latchkey start` runs), and docs/ sits beside them.
 */
export function packageFile(relative: string): string | undefined {
  for (let dir = import.meta.dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, relative);
    if (fs.existsSync(file)) return file;
    if (path.dirname(dir) === dir) return undefined;
  }
}
