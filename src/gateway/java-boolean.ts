/** Java `Boolean.parseBoolean`: only "true", in any case and without surrounding blanks, is true. */
export function parseJavaBoolean(value: string | null | undefined): boolean {
  return value != null && value.toLowerCase() === "true";
}
