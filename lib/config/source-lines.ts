import { isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import type { Path } from './problems';

/**
 * Finds the line of a config path (`targets[3].url`) in the YAML source, so each problem can say
 * where to look. A path that does not exist in the file (a missing field) points at the nearest
 * existing parent.
 */
export function lineOfPath(doc: Document, lines: LineCounter, path: Path): number | undefined {
  let node: unknown = doc.contents;
  let offset: number | undefined = rangeStart(node);
  let matched = 0;
  for (const step of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(step));
      if (!pair) break;
      offset = rangeStart(pair.key) ?? offset;
      node = pair.value;
      matched++;
    } else if (isSeq(node) && typeof step === 'number') {
      const item = node.items[step];
      if (!item) break;
      offset = rangeStart(item) ?? offset;
      node = item;
      matched++;
    } else {
      break;
    }
  }
  // A top-level key that is not in the file has no line worth pointing at.
  if (offset === undefined || (path.length > 0 && matched === 0)) return undefined;
  return lines.linePos(offset).line;
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return Array.isArray(range) ? range[0] : undefined;
}
