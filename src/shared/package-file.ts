import fs from 'node:fs';
import path from 'node:path';

/**
 * A file of Latchkey's package, or undefined. This module runs from src/ (tests), from dist/src/ (tsc's output) and
 * from dist/ (the bundle `latchkey start` runs): each folder up is tried, up to the package's root (the first folder
 * with a package.json), never beyond it.
 */
export function packageFile(relative: string): string | undefined {
  for (let dir = import.meta.dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, relative);
    if (fs.existsSync(file)) return file;
    if (fs.existsSync(path.join(dir, 'package.json')) || path.dirname(dir) === dir) return undefined;
  }
}
