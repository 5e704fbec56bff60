// Strings of the vehicle screens (track playback), zh-CN first.
export const MESSAGES = {
  'playback.open': { zh: '轨迹回放', en: 'Track playback' },
  'playback.title': { zh: '轨迹回放 · {plate}', en: 'Track playback · {plate}' },
  'playback.day': { zh: '日期', en: 'Day' },
  'playback.play': { zh: '播放', en: 'Play' },
  'playback.pause': { zh: '暂停', en: 'Pause' },
  'playback.speed': { zh: '倍速', en: 'Speed' },
  'playback.close': { zh: '关闭', en: 'Close' },
  'playback.loading': { zh: '正在加载轨迹…', en: 'Loading the track…' },
  'playback.empty': { zh: '该日无定位记录', en: 'No fixes on this day' },
  'playback.error': { zh: '轨迹加载失败：{msg}', en: 'Track failed to load: {msg}' },
  'playback.fixes': { zh: '{n} 个定位点 · {from}–{to}', en: '{n} fixes · {from}–{to}' },
  'playback.alerts': { zh: '当日报警 {n} 条（轨迹上红点）', en: '{n} alerts that day (red dots on the track)' },
  'alert.restricted_zone': { zh: '驶入禁行区', en: 'Entered a restricted zone' },
  'alert.stopped_near_sensitive': { zh: '敏感目标旁停车', en: 'Stopped near a sensitive target' },
  'alert.signal_lost': { zh: '信号中断', en: 'Signal lost' },
  'alert.signal_restored': { zh: '信号恢复', en: 'Signal restored' },
}
