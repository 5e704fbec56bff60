import { render } from 'preact'
import { App } from './app/App.tsx'
import { startSession } from './app/sessionStore.ts'
import { langStore } from './app/i18n.ts'
import './app/styles.css'

document.documentElement.lang = langStore.get().lang === 'zh' ? 'zh-CN' : 'en'
startSession()
render(<App />, document.getElementById('app')!)
