// Building queries in the catalog's language (docs/catalog.md "Search language").

/** `field:value`, quoted when the value holds anything but plain characters. */
export function term(field: string, value: string): string {
  if (/^[A-Za-z0-9._/@+-]+$/.test(value)) return `${field}:${value}`;
  return `${field}:"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** The query narrowed by one more term (unless it already holds it). */
export function refine(query: string, field: string, value: string): string {
  const t = term(field, value);
  const trimmed = query.trim();
  if (trimmed.split(/\s+/).includes(t)) return trimmed;
  return trimmed === '' ? t : `${trimmed} ${t}`;
}
