/**
 * The README's connector table as Markdown (`psoxy connectors list --markdown`), generated from the
 * catalogue so the README can be regenerated and checked against it.
 */
import type { ConnectorSpec } from "../model.js";
import { connectorRow } from "./fields.js";

const esc = (s: string) => s.replaceAll("|", "\\|");
const code = (s: string) => (s === "" ? "—" : `\`${s}\``);

export function renderConnectorsMarkdown(connectors: readonly ConnectorSpec[]): string {
  const lines = [
    "| ID | Name | Mode | Availability | Source kind | Target host | Auth strategy |",
    "|---|---|---|---|---|---|---|",
  ];
  for (const c of connectors) {
    const r = connectorRow(c);
    const name = r.enableByDefault ? `${esc(r.name)} (enabled by default)` : esc(r.name);
    lines.push(
      `| \`${r.id}\` | ${name} | ${r.mode} | ${r.availability} | \`${r.sourceKind}\` | ${code(r.host)} | ${code(r.authStrategy)} |`,
    );
  }
  return `${lines.join("\n")}\n`;
}
