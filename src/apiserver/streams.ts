/**
 * Long-lived responses (watches, followed logs) that outlive a request. The server ends
 * them all on close; otherwise the HTTP server would wait for them forever.
 */
export class OpenStreams {
  private readonly enders = new Set<() => void>();
  private closing = false;

  /** Register a stream's end function; returns the unregister function. */
  add(end: () => void): () => void {
    if (this.closing) {
      end();
      return () => undefined;
    }
    this.enders.add(end);
    return () => this.enders.delete(end);
  }

  get size(): number {
    return this.enders.size;
  }

  endAll(): void {
    this.closing = true;
    for (const end of [...this.enders]) end();
    this.enders.clear();
  }
}
