import { defineConfig } from 'vite'
import preact from '@preact/preset-vite'

// The app only knows VITE_SUPABASE_URL / VITE_SUPABASE_ANON_KEY / VITE_BASEMAP (see src/data/client.ts
// and src/map/basemap.ts); defaults point at the embedded local stack on :54321.
export default defineConfig({
  plugins: [preact()],
  server: { host: '127.0.0.1', port: 5173, strictPort: true },
  preview: { host: '127.0.0.1', port: 4173 },
  build: {
    target: 'es2022',
    sourcemap: true,
    // maplibre-gl and deck.gl are large by nature; they are split into their own chunks below.
    chunkSizeWarningLimit: 2500,
    rollupOptions: {
      output: {
        manualChunks(id: string) {
          if (id.includes('node_modules/maplibre-gl')) return 'maplibre'
          if (id.includes('node_modules/@deck.gl') || id.includes('node_modules/@luma.gl') || id.includes('node_modules/@loaders.gl') || id.includes('node_modules/@math.gl')) return 'deckgl'
          if (id.includes('node_modules/@supabase')) return 'supabase'
          return undefined
        },
      },
    },
  },
})
