/** Helpers for the infra tests: reading Terraform templates (`templatefile` .tftpl files). */

const KEYWORDS = new Set(["for", "in", "if", "else", "endif", "endfor", "true", "false", "null"]);

/**
 * The variables a Terraform template reads: the identifiers of its `${…}` and `%{…}` expressions (also
 * those nested in their strings), less function names, attributes, object keys, keywords and the
 * variables of `for` loops.
 */
export function templateVariables(text: string): Set<string> {
  const expressions: string[] = [];
  // template text (top level, or a quoted string when `quoted`) from i; returns the index after it
  const templ = (i: number, quoted: boolean): number => {
    while (i < text.length) {
      const c = text[i]!;
      if (quoted && c === "\\") i += 2;
      else if (quoted && c === '"') return i + 1;
      else if (text.startsWith("$${", i) || text.startsWith("%%{", i)) i += 3;
      else if ((c === "$" || c === "%") && text[i + 1] === "{") i = expr(i + 2);
      else i++;
    }
    if (quoted) throw new Error("unterminated string in a template expression");
    return i;
  };
  // an expression from i up to its closing brace; returns the index after the brace
  const expr = (i: number): number => {
    let depth = 0;
    let code = "";
    while (i < text.length) {
      const c = text[i]!;
      if (c === '"') {
        code += " ";
        i = templ(i + 1, true);
        continue;
      }
      if (c === "{") depth++;
      else if (c === "}" && depth-- === 0) {
        expressions.push(code);
        return i + 1;
      }
      code += c;
      i++;
    }
    throw new Error("unterminated template expression");
  };
  templ(0, false);
  const bound = new Set<string>();
  for (const e of expressions)
    for (const m of e.matchAll(/\bfor\s+(\w+)(?:\s*,\s*(\w+))?\s+in\b/g)) {
      bound.add(m[1]!);
      if (m[2]) bound.add(m[2]);
    }
  const names = new Set<string>();
  for (const e of expressions)
    for (const m of e.matchAll(/(\.\s*)?\b([A-Za-z_]\w*)\b(?=(\s*\()?)(?=(\s*=(?!=))?)/g)) {
      const [, dot, name, call, key] = m;
      if (dot || call || key || KEYWORDS.has(name!) || bound.has(name!)) continue;
      names.add(name!);
    }
  return names;
}

/**
 * The text a template renders only when `cond` holds (from `%{ if <cond> }` to its `else` or `endif`,
 * nested `if`s included), and the rest.
 */
export function guarded(text: string, cond: string): { inside: string; outside: string } {
  const directives = [...text.matchAll(/%\{ (if|else|endif)\b[^}]*\}/g)];
  let inside = "";
  let outside = "";
  let from = 0;
  for (let i = 0; i < directives.length; i++) {
    const open = directives[i]!;
    if (open[1] !== "if" || !new RegExp(`^%\\{ if ${cond} ~?\\}$`).test(open[0])) continue;
    let depth = 0;
    let j = i + 1;
    for (; j < directives.length; j++) {
      const kind = directives[j]![1];
      if (kind === "if") depth++;
      else if (kind === "endif" && depth-- === 0) break;
      else if (kind === "else" && depth === 0) break;
    }
    const close = directives[j]!;
    outside += text.slice(from, open.index);
    inside += `${text.slice(open.index + open[0].length, close.index)}\n`;
    from = close.index + close[0].length;
  }
  return { inside, outside: outside + text.slice(from) };
}
