// Counts of the matching services per field; each value narrows the query to it.
import type { FacetCount } from '../api/types';
import { refine } from '../query';
import { searchHref } from '../router';
import { words } from '../format';

export function Facets({ query, facets }: { query: string; facets: Record<string, FacetCount[]> }) {
  const fields = Object.entries(facets).filter(([, counts]) => counts.length > 0);
  if (fields.length === 0) return null;
  return (
    <div class="facets">
      {fields.map(([field, counts]) => (
        <section key={field} class="facet" aria-labelledby={`facet-${field}`}>
          <h3 id={`facet-${field}`}>{words(field)}</h3>
          <ul>
            {counts.slice(0, 12).map((c) => (
              <li key={c.value}>
                <a
                  href={searchHref(refine(query, field, c.value))}
                  data-facet={field}
                  data-value={c.value}
                >
                  <span class="facet-value">{c.value === '' ? '(none)' : c.value}</span>
                  <span class="facet-count">{c.count.toLocaleString('en-US')}</span>
                </a>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
