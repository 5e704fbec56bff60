// shpjs 6 ships no types: the one entry the importer uses.
declare module 'shpjs' {
  export function getShapefile(input: {
    shp: ArrayBufferView | ArrayBuffer
    dbf?: ArrayBufferView | ArrayBuffer
    cpg?: string
    prj?: string | false
  }): Promise<GeoJSON.FeatureCollection>
}
