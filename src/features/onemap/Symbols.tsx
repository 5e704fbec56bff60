// The layer symbols moved to src/layers/ui/symbols.tsx (a layer's legend and card draw them); kept
// here for the screens that import them from the one map.
export * from '../../layers/ui/symbols.tsx'
