// Text on the map is drawn by deck.gl's TextLayer from the browser's own fonts: no glyph server.
export const CJK_FONT_FAMILY = '"Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", "Source Han Sans SC", sans-serif'
