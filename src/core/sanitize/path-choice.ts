/**
 * Which of two exact ways to sanitize an endpoint's responses to take first: the one-pass text
 * sanitizer or the native parse into a tree. Both give the same output; which is faster depends on the
 * rules and the responses (the text pass wins where transforms touch much of a compact body, the
 * native parser where a schema or a few paths leave most of it alone). So each endpoint measures both
 * on its own traffic: it alternates for the first calls, then takes the one with the lower cost per
 * byte, and now and then takes the other again so that a change in the responses is noticed.
 *
 * A path's cost is the lowest of its last few measurements: disturbances (a garbage collection, code
 * not yet optimized by the JIT, another process on the core) only ever make a call slower, so the
 * lowest recent figure is the steadiest estimate of what the path costs.
 */
const PROBE_CALLS = 8;
const REPROBE_EVERY = 32;
const KEPT = 4;

class RecentCosts {
  private readonly costs: number[] = [];
  private next = 0;

  add(cost: number): void {
    if (this.costs.length < KEPT) this.costs.push(cost);
    else this.costs[this.next] = cost;
    this.next = (this.next + 1) % KEPT;
  }

  /** The lowest recent cost; Infinity before any. */
  lowest(): number {
    let low = Number.POSITIVE_INFINITY;
    for (const c of this.costs) if (c < low) low = c;
    return low;
  }
}

export class PathChoice {
  private calls = 0;
  /** Costs (ms per byte) of recent calls that tried the text pass first, and of the others. */
  private readonly text = new RecentCosts();
  private readonly native = new RecentCosts();

  /** Whether this call should try the text pass first. */
  tryText(): boolean {
    const n = ++this.calls;
    if (n <= PROBE_CALLS) return (n & 1) === 1;
    const textWins = this.text.lowest() <= this.native.lowest();
    return n % REPROBE_EVERY === 0 ? !textWins : textWins;
  }

  /** How long a call took (ms) for a body of `bytes`, and whether it tried the text pass first. */
  record(tryText: boolean, ms: number, bytes: number): void {
    (tryText ? this.text : this.native).add(ms / Math.max(1, bytes));
  }
}
