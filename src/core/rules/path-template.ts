/**
 * Path templates (`/users/{id}`, `/{exportId}/events{shard}.ndjson{suffix?}`) to Java regexes, exactly as
 * the reference builds them (rules-engine spec 7.2), so that quirks carry over: only the characters
 * `. ^ $ < > * + [ ] ( ) - = ? !` are escaped (`*` is a literal asterisk, `|` and `\` stay live), and a
 * placeholder name that is not `[A-Za-z][A-Za-z0-9]*` is left as literal braces, which Java then rejects
 * as an invalid repetition.
 */
import { compileJavaRegex, type JavaRegex } from "../java/regex.js";

const OPTIONAL_PARAM = /\{([A-Za-z][A-Za-z0-9]*)\?\}/g;
const REQUIRED_PARAM = /\{([A-Za-z][A-Za-z0-9]*)\}/g;
const PLACEHOLDER = /__OPT_([A-Za-z][A-Za-z0-9]*)__/g;
const SPECIAL = /[.^$<>*+[\]()\-=?!]/g;

/** The Java regex (anchored `^…$`) a path template stands for. */
export function templateToRegex(template: string): string {
  const body = template
    .replace(OPTIONAL_PARAM, "__OPT_$1__")
    .replace(SPECIAL, "\\$&")
    .replace(REQUIRED_PARAM, "(?<$1>[^/]+)")
    .replace(PLACEHOLDER, "(?<$1>[^/]*)");
  return `^${body}$`;
}

/**
 * Compiles a template (API mode: case-insensitive; bulk file rules: case-sensitive).
 * Throws `JavaRegexSyntaxError` when the resulting regex is not valid Java.
 */
export function compileTemplate(template: string, caseInsensitive: boolean): JavaRegex {
  return compileJavaRegex(templateToRegex(template), { caseInsensitive });
}

/** Names of the placeholders of a template, in order. */
export function templateParameterNames(template: string): string[] {
  const names: string[] = [];
  for (const m of template.matchAll(/\{([A-Za-z][A-Za-z0-9]*)\??\}/g)) names.push(m[1]);
  return names;
}
