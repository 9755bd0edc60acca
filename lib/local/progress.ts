/**
 * A one-line progress indicator on stderr for long runs on a terminal ("probing 37/552 …").
 * When stderr is not a TTY (piped, CI) it prints nothing, so output stays clean for scripts.
 */
export class Progress {
  private done = 0;
  private lastDraw = 0;

  constructor(
    private readonly total: number,
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly enabled = Boolean(stream.isTTY) && total > 1,
  ) {}

  tick(label: string): void {
    this.done++;
    if (!this.enabled) return;
    const now = Date.now();
    // Redraw at most ~20 times a second: a terminal write per result would slow big runs.
    if (now - this.lastDraw < 50 && this.done < this.total) return;
    this.lastDraw = now;
    const width = Math.max(20, (this.stream.columns ?? 80) - 1);
    const text = `probing ${this.done}/${this.total} · ${label}`.slice(0, width);
    this.stream.write(`\r\x1b[2K${text}`);
  }

  clear(): void {
    if (this.enabled) this.stream.write('\r\x1b[2K');
  }
}
