import { geoNaturalEarth1, geoPath } from 'd3-geo';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import world from 'world-atlas/countries-110m.json';
import { countryName, numericOf, shadeOf } from './country-names';

const WIDTH = 960;
const HEIGHT = 470;
const topology = world as unknown as Topology<{ countries: GeometryCollection<{ name: string }> }>;
const shapes = feature(topology, topology.objects.countries).features;
const projection = geoNaturalEarth1().fitSize([WIDTH, HEIGHT], { type: 'Sphere' });
const toPath = geoPath(projection);
// Drawn once: the shapes never change, only their shades.
const outlines = shapes.map((shape) => ({ id: String(shape.id), d: toPath(shape) ?? '' }));

/** A world map shaded by pageviews per country; offline (Natural Earth shapes from world-atlas). */
export function CountryMap({
  rows,
  language,
  formatValue,
}: {
  rows: ReadonlyArray<{ key: string; pageviews: number }>;
  language: string;
  formatValue: (value: number) => string;
}) {
  const byNumeric = new Map<string, { key: string; pageviews: number }>();
  for (const row of rows) {
    const numeric = numericOf(row.key);
    if (numeric) byNumeric.set(numeric, row);
  }
  const max = Math.max(0, ...rows.filter((r) => numericOf(r.key)).map((r) => r.pageviews));
  return (
    <svg
      className="country-map"
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      role="img"
      aria-label="Pageviews by country on a world map"
    >
      <path className="country-map-sphere" d={toPath({ type: 'Sphere' }) ?? ''} />
      {outlines.map(({ id, d }) => {
        const row = byNumeric.get(id);
        const shade = shadeOf(row?.pageviews ?? 0, max);
        return (
          <path
            key={id}
            d={d}
            className={shade ? 'country-map-visited' : 'country-map-country'}
            style={shade ? { fillOpacity: shade } : undefined}
          >
            {row ? (
              <title>{`${countryName(row.key, language)}: ${formatValue(row.pageviews)} pageviews`}</title>
            ) : null}
          </path>
        );
      })}
    </svg>
  );
}
