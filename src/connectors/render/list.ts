/** `psoxy connectors list`: an aligned text table, or JSON. */
import type { ConnectorSpec } from "../model.js";
import { connectorRow } from "./fields.js";

const COLUMNS = [
  ["id", "ID"],
  ["name", "NAME"],
  ["mode", "MODE"],
  ["availability", "AVAILABILITY"],
  ["sourceKind", "SOURCE KIND"],
  ["host", "TARGET HOST"],
  ["authStrategy", "AUTH STRATEGY"],
] as const;

export function renderConnectorsText(connectors: readonly ConnectorSpec[]): string {
  const rows = connectors.map(connectorRow);
  const cells = [
    COLUMNS.map(([, title]) => title as string),
    ...rows.map((r) => COLUMNS.map(([k]) => (r[k] === "" ? "-" : String(r[k])))),
  ];
  const widths = COLUMNS.map((_, i) => Math.max(...cells.map((row) => row[i].length)));
  return `${cells
    .map((row) =>
      row
        .map((cell, i) => cell.padEnd(widths[i]))
        .join("  ")
        .trimEnd(),
    )
    .join("\n")}\n`;
}

export function renderConnectorsJson(connectors: readonly ConnectorSpec[]): string {
  return `${JSON.stringify(connectors.map(connectorRow), null, 2)}\n`;
}
