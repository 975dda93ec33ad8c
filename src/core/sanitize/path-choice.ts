/**
 * Which of two exact ways to sanitize an endpoint's responses to take first: the one-pass text
 * sanitizer or the native parse into a tree. Both give the same output; which is faster depends on the
 * rules and the responses (the text pass wins where transforms touch much of a compact body, the
 * native parser where a schema or a few paths leave most of it alone). So each endpoint measures both
 * on its own traffic: it alternates for the first calls, then takes the one with the lower cost per
 * byte, and now and then takes the other again so that a change in the responses is noticed.
 */
const PROBE_CALLS = 8;
const REPROBE_EVERY = 64;
/** Weight of the newest measurement in the running cost. */
const ALPHA = 0.25;

export class PathChoice {
  private calls = 0;
  /** Running cost (ms per byte) of calls that tried the text pass first, and of the others. */
  private textCost = 0;
  private nativeCost = 0;

  /** Whether this call should try the text pass first. */
  tryText(): boolean {
    const n = ++this.calls;
    if (n <= PROBE_CALLS) return (n & 1) === 1;
    const textWins = this.textCost <= this.nativeCost;
    return n % REPROBE_EVERY === 0 ? !textWins : textWins;
  }

  /** How long a call took (ms) for a body of `bytes`, and whether it tried the text pass first. */
  record(text: boolean, ms: number, bytes: number): void {
    const cost = ms / Math.max(1, bytes);
    if (text) this.textCost = this.textCost === 0 ? cost : this.textCost + ALPHA * (cost - this.textCost);
    else this.nativeCost = this.nativeCost === 0 ? cost : this.nativeCost + ALPHA * (cost - this.nativeCost);
  }
}
