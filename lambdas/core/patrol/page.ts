import { selectAll } from 'css-select';
import { isComment, isTag, isText, type AnyNode, type Document, type Element } from 'domhandler';
import { parseDocument, Parser } from 'htmlparser2';

/**
 * One HTML page read the way the patrol needs it, in one pass (entities already decoded by the
 * parser): the visible text in blocks, and every place a visitor does not see but a crawler
 * does — hidden elements, <noscript>, scripts, comments, meta tags, link targets and title/alt
 * attributes — each with a label saying where it was.
 *
 * Two ways to the same reading: a page whose target names CSS selectors (baseline excludes,
 * required markers) is parsed into a DOM so the selectors can run; every other page is read
 * straight from htmlparser2's tokenizer callbacks, with no tree built (several times cheaper on a
 * large page). Both feed the same walk the same events, so their readings are identical.
 */

export interface PageSegment {
  /** Where on the page: "visible <h1>", "hidden <div style=display:none>", "<a href> to xyz.com" … */
  where: string;
  text: string;
}

export interface PageLink {
  host: string;
  href: string;
  text: string;
}

export interface PageReading {
  /** Everything the lexicon scans, each with its place. */
  segments: PageSegment[];
  /** The visible text blocks, in order; `ignored` when inside a selector excluded from the baseline. */
  blocks: Array<{ text: string; ignored: boolean }>;
  links: PageLink[];
  /** The parsed DOM, only when selectors were asked for. */
  document?: Document;
}

/** What the walk needs of an element: its name and attributes (a DOM Element, or a tokenizer's open tag). */
export interface Tag {
  name: string;
  attribs: Record<string, string>;
}

const BLOCKS = new Set([
  'address', 'article', 'aside', 'blockquote', 'br', 'button', 'caption', 'dd', 'details', 'dialog', 'div', 'dl', 'dt',
  'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'label', 'legend',
  'li', 'main', 'nav', 'ol', 'option', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'title',
  'tr', 'ul', 'body', 'html', 'head',
]);
/** Containers whose text no visitor sees. */
const UNSEEN = new Set(['noscript', 'template', 'script']);
const SKIPPED = new Set(['style', 'svg', 'math']);
const HIDING_CLASSES = new Set(['hidden', 'd-none', 'sr-only', 'visually-hidden', 'invisible', 'hide', 'screen-reader-text']);
const HIDING_STYLES: ReadonlyArray<RegExp> = [
  /display:none/,
  /visibility:hidden/,
  /opacity:0(?:\.0+)?(?:;|$|!)/,
  /font-size:0(?:px|em|rem|%)?(?:;|$|!)/,
  /(?:left|top|text-indent|margin-left):-\d{3,}/,
  /(?:height|max-height):0(?:px)?(?:;|$|!).*overflow:hidden|overflow:hidden.*(?:height|max-height):0(?:px)?(?:;|$|!)/,
];
/** Attributes whose text a crawler reads. */
const READ_ATTRIBUTES = ['title', 'alt', 'aria-label', 'placeholder'];
/** Hard cap on the nodes walked: a page body is capped already; this bounds a pathological parse. */
const MAX_NODES = 200_000;

/** Why an element hides its content, as evidence reads it ("style=display:none"), or null. */
export function hidingReason(el: Tag): string | null {
  if (UNSEEN.has(el.name)) return '';
  if (el.attribs.hidden !== undefined) return 'hidden';
  const style = (el.attribs.style ?? '').toLowerCase().replace(/\s+/g, '');
  const rule = style && HIDING_STYLES.find((r) => r.test(style));
  if (rule) return `style=${style.slice(0, 40)}`;
  const hidingClass = (el.attribs.class ?? '').split(/\s+/).find((c) => HIDING_CLASSES.has(c.toLowerCase()));
  return hidingClass ? `class=${hidingClass}` : null;
}

function tagLabel(el: Tag, reason?: string): string {
  const id = el.attribs.id ? `#${el.attribs.id.slice(0, 30)}` : '';
  return `<${el.name}${id}${reason ? ` ${reason}` : ''}>`;
}

/** The host of an absolute http(s) link, or null (relative links, mailto:, javascript: …). */
export function linkHost(href: string, base: URL): string | null {
  try {
    const url = new URL(href.trim(), base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.hostname.toLowerCase() : null;
  } catch {
    return null;
  }
}

/** One open element on the walk: what it does to the text under it. */
interface Frame {
  el: Tag;
  hidden: string | null;
  ignored: boolean;
}

class Walk {
  readonly reading: PageReading;
  private buffer = '';
  /** Labels of the open visible blocks; the innermost names the text being collected. */
  private readonly blockLabels: string[] = ['<body>'];
  private hiddenText: string[] = [];
  private linkText: string[] = [];
  private openLinks = 0;
  private readonly frames: Frame[] = [];

  constructor(private readonly base: URL) {
    this.reading = { segments: [], blocks: [], links: [] };
  }

  private top(): Frame | undefined {
    return this.frames[this.frames.length - 1];
  }

  /** `ignored`: whether the block being closed is excluded (default: the open element's say). */
  private flushBlock(ignored = this.top()?.ignored ?? false): void {
    const text = this.buffer.replace(/\s+/g, ' ').trim();
    if (text) {
      this.reading.segments.push({ where: `visible ${this.blockLabels[this.blockLabels.length - 1]}`, text });
      this.reading.blocks.push({ text, ignored });
    }
    this.buffer = '';
  }

  /** `ignored`: the element matched an ignore selector (its text stays out of the baseline). */
  enter(el: Tag, ignored = false): void {
    const parent = this.top();
    const ownHiding = parent?.hidden == null ? hidingReason(el) : null;
    if (ownHiding !== null) this.flushBlock();
    const hidden = parent?.hidden ?? (ownHiding === null ? null : ownHiding === '' ? `<${el.name}>` : `hidden ${tagLabel(el, ownHiding)}`);
    if (hidden && parent?.hidden == null) this.hiddenText = [];
    if (!hidden && BLOCKS.has(el.name)) {
      this.flushBlock();
      this.blockLabels.push(`<${el.name}>`);
    }
    this.readAttributes(el);
    if (el.name === 'a') {
      this.linkText = [];
      this.openLinks++;
    }
    this.frames.push({ el, hidden, ignored: (parent?.ignored ?? false) || ignored });
  }

  exit(): void {
    const frame = this.frames.pop()!;
    const parent = this.top();
    if (frame.el.name === 'a') {
      this.openLinks--;
      this.recordLink(frame.el);
    }
    if (frame.hidden && parent?.hidden == null) {
      const text = this.hiddenText.join(' ').replace(/\s+/g, ' ').trim();
      if (text) this.reading.segments.push({ where: frame.hidden, text });
    } else if (!frame.hidden && BLOCKS.has(frame.el.name)) {
      // The text collected is this block's own: excluded when the block itself matched a selector.
      this.flushBlock(frame.ignored);
      if (this.blockLabels.length > 1) this.blockLabels.pop();
    }
  }

  text(data: string): void {
    const frame = this.top();
    if (frame?.hidden) this.hiddenText.push(data);
    else this.buffer += data;
    if (this.openLinks > 0) this.linkText.push(data);
  }

  comment(data: string): void {
    const text = data.trim();
    if (text) this.reading.segments.push({ where: 'HTML comment', text });
  }

  finish(): PageReading {
    this.flushBlock();
    return this.reading;
  }

  private readAttributes(el: Tag): void {
    const { attribs } = el;
    if (el.name === 'meta' && attribs.content) {
      const name = attribs.name ?? attribs.property ?? attribs['http-equiv'] ?? '';
      this.reading.segments.push({ where: `<meta${name ? ` ${name.slice(0, 30)}` : ''}>`, text: attribs.content });
    }
    for (const name of READ_ATTRIBUTES) {
      if (attribs[name]) this.reading.segments.push({ where: `${name} of <${el.name}>`, text: attribs[name]! });
    }
  }

  private recordLink(el: Tag): void {
    const href = el.attribs.href;
    const host = href ? linkHost(href, this.base) : null;
    if (!href || !host) return;
    const text = this.linkText.join(' ').replace(/\s+/g, ' ').trim();
    this.reading.links.push({ host, href, text });
    const hidden = this.top()?.hidden;
    this.reading.segments.push({ where: `<a href> to ${host}${hidden ? ` in ${hidden}` : ''}`, text: decodeUriLoosely(href) });
  }
}

/** A URL with its %-escapes undone where they decode, so "slot%20gacor" reads as words. */
export function decodeUriLoosely(href: string): string {
  try {
    return decodeURIComponent(href);
  } catch {
    return href;
  }
}

/**
 * Reads `html` (decoded text, already capped at the target's maxBodyBytes). `withDocument`
 * builds the DOM (needed by `ignoreSelectors` and selector markers); otherwise the page is read
 * from the tokenizer's events.
 */
export function readPage(html: string, pageUrl: string, ignoreSelectors: readonly string[] = [], withDocument = ignoreSelectors.length > 0): PageReading {
  return withDocument ? readDocument(html, pageUrl, ignoreSelectors) : readStream(html, pageUrl);
}

function readDocument(html: string, pageUrl: string, ignoreSelectors: readonly string[]): PageReading {
  const document = parseDocument(html, { decodeEntities: true });
  const ignored = new Set<Element>();
  for (const selector of ignoreSelectors) {
    for (const el of selectAll<AnyNode, Element>(selector, document)) ignored.add(el);
  }
  const walk = new Walk(new URL(pageUrl));
  // Iterative depth-first walk: a page nested thousands deep must not overflow the stack.
  const stack: Array<{ node: AnyNode; exit: boolean }> = [...document.children].reverse().map((node) => ({ node, exit: false }));
  let visited = 0;
  while (stack.length > 0 && visited++ < MAX_NODES) {
    const { node, exit } = stack.pop()!;
    if (exit) walk.exit();
    else if (isText(node)) walk.text(node.data);
    else if (isComment(node)) walk.comment(node.data);
    else if (isTag(node) && !SKIPPED.has(node.name)) {
      walk.enter(node, ignored.has(node));
      stack.push({ node, exit: true });
      for (let i = node.children.length - 1; i >= 0; i--) stack.push({ node: node.children[i]!, exit: false });
    }
  }
  return { ...walk.finish(), document };
}

/**
 * The same walk driven by the tokenizer: open and close events in document order (htmlparser2
 * closes void and implied elements itself, so they balance), text merged across chunks as the
 * DOM merges it, and skipped subtrees (style, svg, math) counted through by depth.
 */
function readStream(html: string, pageUrl: string): PageReading {
  const walk = new Walk(new URL(pageUrl));
  let text = '';
  let comment = '';
  let skippedDepth = 0;
  let visited = 0;
  /** Open tags the walk entered (false: inside a skipped subtree, or past the node cap). */
  const entered: boolean[] = [];
  const counted = () => visited++ < MAX_NODES;
  const flushText = () => {
    if (text && skippedDepth === 0 && counted()) walk.text(text);
    text = '';
  };
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        flushText();
        if (skippedDepth > 0 || SKIPPED.has(name) || !counted()) {
          if (skippedDepth > 0 || SKIPPED.has(name)) skippedDepth++;
          entered.push(false);
          return;
        }
        walk.enter({ name, attribs });
        entered.push(true);
      },
      onclosetag() {
        flushText();
        if (skippedDepth > 0) skippedDepth--;
        if (entered.pop()) walk.exit();
      },
      ontext(data) {
        text += data;
      },
      oncomment(data) {
        flushText();
        comment += data;
      },
      oncommentend() {
        if (skippedDepth === 0 && counted()) walk.comment(comment);
        comment = '';
      },
    },
    { decodeEntities: true },
  );
  parser.end(html);
  flushText();
  return walk.finish();
}
