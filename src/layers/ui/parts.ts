// The parts a layer module brings to the screens besides its data and deck layer: its strings, its
// panel symbol and counts, its legend entry, its card and its tooltip. The screens draw the frames
// (the card's close button and footer, the legend's fold, the panel's list) and ask each layer of
// the registry for its part; a layer knows no screen.
import type { ComponentChildren } from 'preact'
import type { I18nKey, Lang, Messages } from '../../app/i18n.ts'
import type { Detail, LayerCounts } from '../../data/mapApi.ts'
import type { Audience } from '../types.ts'

/** A layer's own strings: `name` (its panel name) and `kind` (what its card calls one feature) at least. */
export type LayerMessages = Messages & { name: { zh: string; en: string }; kind: { zh: string; en: string } }

/** What a part is drawn for: the language, the app's translator and who looks. */
export interface UiContext {
  lang: Lang
  t: (key: I18nKey, vars?: Record<string, string | number>) => string
  audience: Audience
}

/** The body of a card; the screen puts it in its frame (kind, title, rows, footer). */
export interface CardBody {
  icon: ComponentChildren
  title: string
  rows: ComponentChildren
}

/** The one-line summary of a hovered feature. */
export interface TooltipSummary {
  kind: Detail['kind']
  name: string
  /** level / grade / status, in words */
  badge: string | null
  /** the level (1–4) or major grade behind the badge */
  level: number | null
  /** the badge's colours, when it has some (outlined otherwise) */
  badgeStyle?: { background: string; color: string }
  /** the type or category */
  type: string | null
}

export interface LegendItem {
  /** data-testid of the item */
  testid?: string
  key: string | number
  /** the symbol at a size in px (undefined: the symbol's own size) */
  symbol: (size?: number) => ComponentChildren
  label: string
}

/** One legend group: a title, items in one or more blocks (a block laid out as a row or grid, or one per line), a note. */
export interface LegendEntry {
  title: string
  blocks: { layout?: 'row' | 'grid'; items: LegendItem[] }[]
  note?: { text: string; testid?: string }
}

/** The counts of a layer in view (layer_counts), as the panel row shows them. */
export interface PanelCount {
  main?: string
  sub?: ComponentChildren
}

export interface LayerUi {
  readonly messages: LayerMessages
  /** the Detail kinds (feature_at, public_feature_at, feature_card answers) whose card and tooltip this layer draws */
  readonly detailKinds: readonly Detail['kind'][]
  /** its symbol in the layer panel */
  symbol(): ComponentChildren
  /** its counts in view (layer_counts / public_layer_counts) */
  count(counts: LayerCounts, ctx: UiContext): PanelCount
  /** its legend group (null: none for this audience) */
  legend(ctx: UiContext & { wall?: { incident: boolean; threatZones?: boolean } }): LegendEntry | null
  /** the card of one of its features (null: not one of its kinds) */
  card(d: Detail, ctx: UiContext): CardBody | null
  /** the tooltip of one of its features (null: not one of its kinds) */
  tooltip(d: Detail, lang: Lang): TooltipSummary | null
}

/** A layer's string in a language, with {placeholders} filled. */
export function layerText(m: Messages, lang: Lang, key: string, vars?: Record<string, string | number>): string {
  const v = m[key]
  if (!v) throw new Error(`no layer string ${key}`)
  let s: string = v[lang]
  if (vars) for (const k in vars) s = s.split(`{${k}}`).join(String(vars[k]))
  return s
}

/** A translator over a layer's own strings in one language. */
export function textsOf<M extends Messages>(m: M, lang: Lang): (key: keyof M & string, vars?: Record<string, string | number>) => string {
  return (key, vars) => layerText(m, lang, key, vars)
}

/** A layer's name for an audience (`name.public` where the public sees it under another name). */
export function layerName(ui: LayerUi, lang: Lang, audience: Audience): string {
  return layerText(ui.messages, lang, audience === 'public' && ui.messages['name.public'] ? 'name.public' : 'name')
}

/** What a card or tooltip calls one feature of the layer (`kind.public` for the public's answers where it has one). */
export function kindName(ui: LayerUi, kind: Detail['kind'], lang: Lang): string {
  return layerText(ui.messages, lang, kind.startsWith('public_') && ui.messages['kind.public'] ? 'kind.public' : 'kind')
}
