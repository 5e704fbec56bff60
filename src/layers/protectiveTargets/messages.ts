// Strings of the protective-target layer, zh-CN first.
export const MESSAGES = {
  name: { zh: '防护目标', en: 'Protective targets' },
  kind: { zh: '防护目标', en: 'Protective target' },
  'field.class': { zh: '防护类别', en: 'Class' },
  'field.population': { zh: '人数', en: 'Population' },
  'legend.title': { zh: '防护目标类别', en: 'Protective target classes' },
  'legend.wall': { zh: '防护目标', en: 'Protective targets' },
}
