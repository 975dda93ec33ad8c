/** Text forms of spec fields shared by the list, show and Markdown renderers. */
import type { Availability, ConnectorSpec, Templated } from "../model.js";
import { fillTemplate } from "../placeholders.js";

export const AVAILABILITY_LABEL: Record<Availability, string> = {
  ga: "GA",
  beta: "beta",
  alpha: "alpha",
  deprecated: "deprecated",
};

export function modeLabel(c: ConnectorSpec): string {
  if (c.mode === "bulk") return "bulk";
  return c.async ? "API (async)" : "API";
}

/** A value with its `<setting>` placeholders, as the catalogue writes them. */
export function templateLabel(value: string | Templated | undefined): string {
  if (value === undefined) return "";
  return typeof value === "string" ? value : value.template;
}

export function hostText(c: ConnectorSpec, settings?: Readonly<Record<string, string>>): string {
  if (c.targetHost === undefined) return "";
  const t = templateLabel(c.targetHost);
  return settings ? fillTemplate(t, settings) : t;
}

/** The row the list views show. */
export interface ConnectorRow {
  id: string;
  name: string;
  mode: string;
  availability: string;
  sourceKind: string;
  host: string;
  authStrategy: string;
  enableByDefault: boolean;
  worklyticsConnectorId: string;
}

export function connectorRow(c: ConnectorSpec): ConnectorRow {
  return {
    id: c.id,
    name: c.displayName,
    mode: modeLabel(c),
    availability: AVAILABILITY_LABEL[c.availability],
    sourceKind: c.sourceKind,
    host: hostText(c),
    authStrategy: c.sourceAuthStrategy ?? "",
    enableByDefault: c.enableByDefault,
    worklyticsConnectorId: c.worklyticsConnectorId,
  };
}
