// UN numbers (联合国编号, UN Model Regulations; GB 12268-2012 危险货物品名表) of the cargoes most carried
// by road in a Chinese city's chemical trade, with the proper shipping name in Chinese and English and
// the GB 6944 class or division. The vehicle cards name the substance, not only its number: an
// operator reads "UN1017 氯", not a code to look up. Not the whole list (about 3,000 entries); a number
// not here is shown as the number alone.
export interface UnSubstance {
  zh: string
  en: string
  /** GB 6944 class or division of the entry */
  cls: string
}

export const UN_SUBSTANCES: Readonly<Record<string, UnSubstance>> = {
  UN1001: { zh: '乙炔（溶解的）', en: 'Acetylene, dissolved', cls: '2.1' },
  UN1005: { zh: '氨（无水）', en: 'Ammonia, anhydrous', cls: '2.3' },
  UN1010: { zh: '丁二烯（稳定的）', en: 'Butadienes, stabilized', cls: '2.1' },
  UN1011: { zh: '丁烷', en: 'Butane', cls: '2.1' },
  UN1013: { zh: '二氧化碳', en: 'Carbon dioxide', cls: '2.2' },
  UN1016: { zh: '一氧化碳（压缩的）', en: 'Carbon monoxide, compressed', cls: '2.3' },
  UN1017: { zh: '氯', en: 'Chlorine', cls: '2.3' },
  UN1040: { zh: '环氧乙烷', en: 'Ethylene oxide', cls: '2.3' },
  UN1049: { zh: '氢（压缩的）', en: 'Hydrogen, compressed', cls: '2.1' },
  UN1050: { zh: '氯化氢（无水）', en: 'Hydrogen chloride, anhydrous', cls: '2.3' },
  UN1052: { zh: '氟化氢（无水）', en: 'Hydrogen fluoride, anhydrous', cls: '8' },
  UN1053: { zh: '硫化氢', en: 'Hydrogen sulphide', cls: '2.3' },
  UN1066: { zh: '氮（压缩的）', en: 'Nitrogen, compressed', cls: '2.2' },
  UN1072: { zh: '氧（压缩的）', en: 'Oxygen, compressed', cls: '2.2' },
  UN1073: { zh: '液氧（冷冻液体）', en: 'Oxygen, refrigerated liquid', cls: '2.2' },
  UN1075: { zh: '液化石油气', en: 'Petroleum gases, liquefied', cls: '2.1' },
  UN1077: { zh: '丙烯', en: 'Propylene', cls: '2.1' },
  UN1079: { zh: '二氧化硫', en: 'Sulphur dioxide', cls: '2.3' },
  UN1086: { zh: '氯乙烯（稳定的）', en: 'Vinyl chloride, stabilized', cls: '2.1' },
  UN1090: { zh: '丙酮', en: 'Acetone', cls: '3' },
  UN1093: { zh: '丙烯腈（稳定的）', en: 'Acrylonitrile, stabilized', cls: '3' },
  UN1114: { zh: '苯', en: 'Benzene', cls: '3' },
  UN1131: { zh: '二硫化碳', en: 'Carbon disulphide', cls: '3' },
  UN1155: { zh: '乙醚', en: 'Diethyl ether', cls: '3' },
  UN1170: { zh: '乙醇', en: 'Ethanol', cls: '3' },
  UN1173: { zh: '乙酸乙酯', en: 'Ethyl acetate', cls: '3' },
  UN1193: { zh: '丁酮', en: 'Ethyl methyl ketone', cls: '3' },
  UN1202: { zh: '柴油', en: 'Diesel fuel', cls: '3' },
  UN1203: { zh: '汽油', en: 'Motor spirit (gasoline)', cls: '3' },
  UN1208: { zh: '己烷', en: 'Hexanes', cls: '3' },
  UN1219: { zh: '异丙醇', en: 'Isopropanol', cls: '3' },
  UN1223: { zh: '煤油', en: 'Kerosene', cls: '3' },
  UN1230: { zh: '甲醇', en: 'Methanol', cls: '3' },
  UN1265: { zh: '戊烷', en: 'Pentanes', cls: '3' },
  UN1267: { zh: '石油原油', en: 'Petroleum crude oil', cls: '3' },
  UN1294: { zh: '甲苯', en: 'Toluene', cls: '3' },
  UN1307: { zh: '二甲苯', en: 'Xylenes', cls: '3' },
  UN1325: { zh: '易燃固体，有机的，未另作规定的', en: 'Flammable solid, organic, n.o.s.', cls: '4.1' },
  UN1402: { zh: '碳化钙', en: 'Calcium carbide', cls: '4.3' },
  UN1428: { zh: '钠', en: 'Sodium', cls: '4.3' },
  UN1547: { zh: '苯胺', en: 'Aniline', cls: '6.1' },
  UN1593: { zh: '二氯甲烷', en: 'Dichloromethane', cls: '6.1' },
  UN1648: { zh: '乙腈', en: 'Acetonitrile', cls: '3' },
  UN1689: { zh: '氰化钠（固体）', en: 'Sodium cyanide, solid', cls: '6.1' },
  UN1710: { zh: '三氯乙烯', en: 'Trichloroethylene', cls: '6.1' },
  UN1789: { zh: '盐酸', en: 'Hydrochloric acid', cls: '8' },
  UN1791: { zh: '次氯酸盐溶液', en: 'Hypochlorite solution', cls: '8' },
  UN1805: { zh: '磷酸溶液', en: 'Phosphoric acid, solution', cls: '8' },
  UN1824: { zh: '氢氧化钠溶液', en: 'Sodium hydroxide solution', cls: '8' },
  UN1830: { zh: '硫酸', en: 'Sulphuric acid', cls: '8' },
  UN1831: { zh: '发烟硫酸', en: 'Sulphuric acid, fuming', cls: '8' },
  UN1863: { zh: '航空燃料，涡轮发动机用', en: 'Fuel, aviation, turbine engine', cls: '3' },
  UN1888: { zh: '三氯甲烷', en: 'Chloroform', cls: '6.1' },
  UN1897: { zh: '四氯乙烯', en: 'Tetrachloroethylene', cls: '6.1' },
  UN1942: { zh: '硝酸铵', en: 'Ammonium nitrate', cls: '5.1' },
  UN1965: { zh: '液化烃类气体混合物，未另作规定的', en: 'Hydrocarbon gas mixture, liquefied, n.o.s.', cls: '2.1' },
  UN1971: { zh: '天然气（压缩的）', en: 'Natural gas, compressed', cls: '2.1' },
  UN1972: { zh: '液化天然气（冷冻液体）', en: 'Natural gas, refrigerated liquid', cls: '2.1' },
  UN1977: { zh: '液氮（冷冻液体）', en: 'Nitrogen, refrigerated liquid', cls: '2.2' },
  UN1978: { zh: '丙烷', en: 'Propane', cls: '2.1' },
  UN1993: { zh: '易燃液体，未另作规定的', en: 'Flammable liquid, n.o.s.', cls: '3' },
  UN2014: { zh: '过氧化氢水溶液', en: 'Hydrogen peroxide, aqueous solution', cls: '5.1' },
  UN2031: { zh: '硝酸', en: 'Nitric acid', cls: '8' },
  UN2055: { zh: '苯乙烯单体（稳定的）', en: 'Styrene monomer, stabilized', cls: '3' },
  UN2187: { zh: '二氧化碳（冷冻液体）', en: 'Carbon dioxide, refrigerated liquid', cls: '2.2' },
  UN2672: { zh: '氨溶液', en: 'Ammonia solution', cls: '8' },
  UN2789: { zh: '冰醋酸', en: 'Acetic acid, glacial', cls: '8' },
  UN2810: { zh: '毒性液体，有机的，未另作规定的', en: 'Toxic liquid, organic, n.o.s.', cls: '6.1' },
  UN3082: { zh: '对环境有害的液态物质，未另作规定的', en: 'Environmentally hazardous substance, liquid, n.o.s.', cls: '9' },
}

/** The substance a UN number names, or null when it is not in the table (or not given). */
export function unSubstance(un: string | null | undefined): UnSubstance | null {
  if (!un) return null
  return UN_SUBSTANCES[un.trim().toUpperCase()] ?? null
}

/** A vehicle's cargo in one line: "UN1017 氯 · 2.3 毒性气体" (number, substance, class and its name);
 *  parts that are unknown are left out. */
export function cargoLine(un: string | null, hazardClass: string, className: string | null, lang: 'zh' | 'en'): string {
  const s = unSubstance(un)
  const head = [un, s ? (lang === 'zh' ? s.zh : s.en) : null].filter(Boolean).join(' ')
  const tail = [hazardClass, className].filter(Boolean).join(' ')
  return head ? `${head} · ${tail}` : tail
}
