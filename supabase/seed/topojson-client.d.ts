// topojson-client 3.1.0 ships no types; extract-basemap.ts uses only `feature`.
declare module 'topojson-client' {
  export function feature(topology: unknown, object: unknown): unknown
}
