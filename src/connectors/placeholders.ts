/**
 * `<setting>` placeholders in spec values (hosts, env vars, example calls, instructions): lower-case
 * names in angle brackets, filled from the deployment's connector settings. Example-call dates are
 * computed from the `example_api_calls_sample_date` setting (default: today, UTC), as the reference's
 * Terraform does: `<example_api_calls_sample_(date|time|unix|unix_millis)[_minus_<N>d]>`.
 */

export const PLACEHOLDER = /<([a-z][a-z0-9_]*)>/g;

const SAMPLE = /^example_api_calls_sample_(date|time|unix|unix_millis)(?:_minus_(\d+)d)?$/;

export const SAMPLE_DATE_SETTING = "example_api_calls_sample_date";

/** the placeholder names in a text, in order of appearance, without repeats */
export function placeholdersIn(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]))];
}

/** The setting a placeholder reads: itself, or the sample date for computed dates. */
export function settingOf(name: string): string {
  return SAMPLE.test(name) ? SAMPLE_DATE_SETTING : name;
}

function sampleValue(
  name: string,
  settings: Readonly<Record<string, string>>,
  now: Date,
): string | undefined {
  const m = SAMPLE.exec(name);
  if (!m) return undefined;
  const base = Object.hasOwn(settings, SAMPLE_DATE_SETTING)
    ? new Date(`${settings[SAMPLE_DATE_SETTING]}T00:00:00Z`)
    : new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  if (Number.isNaN(base.getTime())) return undefined;
  const t = new Date(base.getTime() - Number(m[2] ?? 0) * 86_400_000);
  switch (m[1]) {
    case "date":
      return t.toISOString().slice(0, 10);
    case "time":
      return `${t.toISOString().slice(0, 19)}Z`;
    case "unix":
      return String(Math.floor(t.getTime() / 1000));
    default:
      return String(t.getTime());
  }
}

/**
 * Fills `<name>` placeholders from `settings` (and computed sample dates); unfilled ones become
 * `YOUR_NAME`, as in the reference's generated TODOs.
 */
export function fillTemplate(
  text: string,
  settings: Readonly<Record<string, string>>,
  now = new Date(),
): string {
  return text.replace(PLACEHOLDER, (_m, name: string) => {
    if (Object.hasOwn(settings, name)) return settings[name];
    return sampleValue(name, settings, now) ?? `YOUR_${name.toUpperCase()}`;
  });
}
