import { render } from 'preact'
import { App } from './app/App.tsx'
import { startSession } from './app/sessionStore.ts'
import { landingHash } from './app/entry.ts'
import { routes } from './app/routes.ts'
import { langStore } from './app/i18n.ts'
import { loadRuntimeConfig } from './map/runtimeConfig.ts'
import './app/styles.css'
import './app/staffPage.css'

document.documentElement.lang = langStore.get().lang === 'zh' ? 'zh-CN' : 'en'
// shared path URLs (/public, /wall …) and phones opening the root land on their screens
const landing = landingHash(
  location,
  window.innerWidth,
  routes.map((r) => r.path),
)
if (landing) history.replaceState(null, '', `/${landing}`)
// the deployment's config.json (basemap list) is asked now, beside the session, not once a map mounts
void loadRuntimeConfig()
startSession()
render(<App />, document.getElementById('app')!)
