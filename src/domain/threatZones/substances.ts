// Levels of concern and fire/explosion properties of the substances the threat-zone screen offers,
// keyed by their GB 18218-2018 table 1 names (public.substances.name_zh), so a hazard source's
// inventory suggests the substance.
//
// Toxic levels of concern: US EPA Acute Exposure Guideline Levels, 60-minute values, in ppm, from
// the EPA's AEGL table (https://www.epa.gov/aegl, "Access AEGL values"; final values unless marked
// interim there). mg/m³ = ppm × M / 24.45 (25 °C, 1 atm), as ALOHA converts. AEGL-1 "NR" (not
// recommended: insufficient data) is null; the yellow zone is then not drawn.
// Pool-fire burning data: Babrauskas, "Heat release rates", SFPE Handbook of Fire Protection
// Engineering (large-pool table: m″∞ kg/m²·s, ΔHc MJ/kg, kβ 1/m).
// Heats of combustion for the vapour-cloud explosion: lower heating values (Perry's Chemical
// Engineers' Handbook, table of heats of combustion).
// Every value here is an input to an estimate; check the source before relying on one. Chlorine's
// AEGLs were checked against a copy of the EPA table when this was written; the other values were
// transcribed from the sources named and carry "(verify)" until someone checks them against the text.
// Issue 20's verification passes checked values against texts that could be read (`verified` lists
// them, `citations` says where, per level or field); every value not listed there stays "(verify)" and
// says so in its `source`. Secondary sources (a paper's table, a transcription) say "as tabulated in"
// or "copy:" in the citation.

export type AeglLevel = 'aegl1' | 'aegl2' | 'aegl3'

export interface ToxicLevels {
  /** AEGL-1 / 2 / 3, 60 min, ppm (null = not recommended / no value) */
  readonly aegl1_ppm: number | null
  readonly aegl2_ppm: number
  readonly aegl3_ppm: number
  /** shown on screen: says "(verify)" after the levels not checked (see `aeglSource`) */
  readonly source: string
  /** the levels checked against a citable text; the others are unverified */
  readonly verified?: readonly AeglLevel[]
  /** for each verified level, the text it was read in (title, where, page) */
  readonly citations?: Readonly<Partial<Record<AeglLevel, string>>>
}

export type PoolFireField = 'burning_rate' | 'k_beta' | 'heat_of_combustion'

export interface PoolFireData {
  /** large-pool mass burning rate m″∞, kg/(m²·s) */
  readonly burning_rate_kg_m2_s: number
  /** kβ, 1/m: m″ = m″∞ (1 − e^(−kβ·D)); null = use m″∞ (large pool) */
  readonly k_beta_per_m: number | null
  readonly heat_of_combustion_kj_kg: number
  readonly source: string
  /** the fields checked against `citation`; the others are unverified */
  readonly verified?: readonly PoolFireField[]
  readonly citation?: string
}

export interface SubstanceData {
  /** GB 18218-2018 table 1 name (public.substances.name_zh) */
  readonly name_zh: string
  readonly name_en: string
  readonly cas: string
  /** molar mass, g/mol */
  readonly molar_mass: number
  readonly toxic?: ToxicLevels
  readonly poolFire?: PoolFireData
  /** lower heat of combustion for the TNT equivalence, kJ/kg */
  readonly vceHeatOfCombustion_kj_kg?: number
  /** where `vceHeatOfCombustion_kj_kg` was checked; absent = unverified */
  readonly vceHeatOfCombustionCitation?: string
  /** released as a dense (heavier-than-air or cold, liquefied) cloud: the Gaussian plume does not apply */
  readonly denseGas: boolean
  readonly denseReason?: string
}

const AEGL_BASE = 'US EPA AEGL, 60 min (epa.gov/aegl)'
const LEVEL_NAMES: Record<AeglLevel, string> = { aegl1: 'AEGL-1', aegl2: 'AEGL-2', aegl3: 'AEGL-3' }

/** The on-screen source of a substance's levels: the levels not verified are named with "(verify)". */
export function aeglSource(verified: readonly AeglLevel[] = []): string {
  const open = (['aegl1', 'aegl2', 'aegl3'] as const).filter((l) => !verified.includes(l))
  if (open.length === 0) return AEGL_BASE
  if (open.length === 3) return `${AEGL_BASE} (verify)`
  return `${AEGL_BASE}; ${open.map((l) => LEVEL_NAMES[l]).join(', ')} (verify)`
}

// Citations (issue 20). Each names the text the value was read in; "as tabulated in" marks a secondary
// source.
/** NRC (2008), Acute Exposure Guideline Levels vol. 6/7 appendix, nap.edu record 12040 p. 10: "the
 * 1-hour Acute Exposure Guideline Level-1 (AEGL-1) of 2.0 ppm (NRC 2002)" for HCN. */
export const CITE_HCN = 'NRC 2002, AEGLs for Selected Airborne Chemicals vol. 2, HCN (as cited by NRC, nap.edu record 12040 p. 10): AEGL-1 1 h 2.0 ppm'
/** NRC (2010), AEGLs for Selected Airborne Chemicals vol. 8, ch. 9 Sulfur Dioxide (nap.edu record
 * 12770 pp. 395–397): AEGL-1 0.20 ppm at every duration; AEGL-2 0.75 ppm (exercising asthmatics). */
export const CITE_SO2 = 'NRC 2010, AEGLs for Selected Airborne Chemicals vol. 8, ch. 9 Sulfur Dioxide (nap.edu record 12770 pp. 395–397)'
/** Secondary: a review's table of H2S limits lists the AEGLs 60 min 0.51 / 27 / 50 ppm (all five
 * durations), reference "NRC [66]" (the NRC's H2S AEGLs are vol. 9 ch. 4, 2010). */
export const CITE_H2S =
  'as tabulated in Nitric Oxide 71:1–13 (2017, doi:10.1016/j.niox.2017.09.011) table 3, citing NRC (pmc.ncbi.nlm.nih.gov/articles/PMC5777517/table/T3): 60 min AEGL-1 0.51, AEGL-2 27, AEGL-3 50 ppm'
/** NRC (2004) vol. 4, Hydrogen Chloride summary (nap.edu openbook record 10902 p. 78): "The same
 * 1.8-ppm value was applied across the 10- and 30-min and 1-, 4-, and 8-hour (h) exposure times". */
export const CITE_HCL_AEGL1 =
  'NRC 2004, AEGLs for Selected Airborne Chemicals vol. 4, Hydrogen Chloride summary (nap.edu record 10902 p. 78): AEGL-1 1.8 ppm at every duration'
/** NRC (2004) vol. 4, Hydrogen Fluoride summary (nap.edu openbook record 10902 p. 124): 3 ppm ÷ UF 3,
 * "support application of the 1-ppm concentration for up to 8 h". */
export const CITE_HF_AEGL1 =
  'NRC 2004, AEGLs for Selected Airborne Chemicals vol. 4, Hydrogen Fluoride summary (nap.edu record 10902 p. 124): AEGL-1 1 ppm (3 ppm ÷ 3) up to 8 h'
/** Secondary: the Wikipedia article's example table of chlorine AEGLs (60 min 0.50 / 2.0 / 20 ppm), read
 * at the mirror wikiclassic.com/wiki/Acute_Exposure_Guideline_Levels. Chlorine was checked against a copy
 * of the EPA table when first written; this is the text that could be re-read in issue 20. */
export const CITE_CL2 =
  'as tabulated in Wikipedia, "Acute Exposure Guideline Levels" (chlorine example table; mirror wikiclassic.com): 60 min 0.50 / 2.0 / 20 ppm'

const SFPE = 'Babrauskas, SFPE Handbook, large-pool burning data (verify)'
const SFPE_CHECKED = 'Babrauskas, SFPE Handbook, large-pool burning data, as tabulated in NUREG-1805 ch. 3'
/** US NRC NUREG-1805 Fire Dynamics Tools, spreadsheet 03_HRR_Flame_Height_Burning_Duration_Calculations
 * (version 1805.1), table "Burning rate data for liquid hydrocarbon fuels" (m″ kg/m²·s, ΔHc,eff kJ/kg,
 * kβ 1/m), read in the copy at de.scribd.com/document/439334061. It lists methanol and ethanol with
 * kβ 100 m⁻¹: 1 − e^(−100·D) > 0.99 for any pool over 5 cm, the same as our null (= m″∞). */
export const CITE_NUREG1805_POOL =
  'US NRC NUREG-1805 FDTs, 03_HRR_Flame_Height_Burning_Duration_Calculations (v. 1805.1), "Burning rate data for liquid hydrocarbon fuels" (copy: de.scribd.com/document/439334061)'
/** US DOE Hydrogen Analysis Resource Center, "Lower and Higher Heating Values of Hydrogen and Fuels"
 * (copy: scribd.com/document/649439033): hydrogen LHV 119.96 MJ/kg. */
export const CITE_H2_LHV =
  'Hydrogen Analysis Resource Center (US DOE), "Lower and Higher Heating Values of Hydrogen and Fuels" (copy: scribd.com/document/649439033): H2 LHV 119.96 MJ/kg'

export const SUBSTANCES: readonly SubstanceData[] = [
  {
    name_zh: '氯',
    name_en: 'Chlorine',
    cas: '7782-50-5',
    molar_mass: 70.906,
    toxic: {
      aegl1_ppm: 0.5,
      aegl2_ppm: 2.0,
      aegl3_ppm: 20,
      source: aeglSource(['aegl1', 'aegl2', 'aegl3']),
      verified: ['aegl1', 'aegl2', 'aegl3'],
      citations: { aegl1: CITE_CL2, aegl2: CITE_CL2, aegl3: CITE_CL2 },
    },
    denseGas: true,
    denseReason: 'M = 70.9 g/mol, stored liquefied under pressure',
  },
  {
    name_zh: '氨',
    name_en: 'Ammonia',
    cas: '7664-41-7',
    molar_mass: 17.031,
    toxic: { aegl1_ppm: 30, aegl2_ppm: 160, aegl3_ppm: 1100, source: aeglSource() },
    denseGas: true,
    denseReason: 'liquefied ammonia flashes into a cold aerosol cloud heavier than air',
  },
  {
    name_zh: '硫化氢',
    name_en: 'Hydrogen sulfide',
    cas: '7783-06-4',
    molar_mass: 34.08,
    toxic: {
      aegl1_ppm: 0.51,
      aegl2_ppm: 27,
      aegl3_ppm: 50,
      source: aeglSource(['aegl1', 'aegl2', 'aegl3']),
      verified: ['aegl1', 'aegl2', 'aegl3'],
      citations: { aegl1: CITE_H2S, aegl2: CITE_H2S, aegl3: CITE_H2S },
    },
    denseGas: true,
    denseReason: 'M = 34.1 g/mol, heavier than air',
  },
  {
    name_zh: '氰化氢',
    name_en: 'Hydrogen cyanide',
    cas: '74-90-8',
    molar_mass: 27.025,
    // AEGL-1 60 min was 1.0 ppm here (the 8-hour value); the 60-minute value is 2.0 ppm.
    toxic: {
      aegl1_ppm: 2.0,
      aegl2_ppm: 7.1,
      aegl3_ppm: 15,
      source: aeglSource(['aegl1']),
      verified: ['aegl1'],
      citations: { aegl1: CITE_HCN },
    },
    denseGas: false,
  },
  {
    name_zh: '碳酰氯',
    name_en: 'Phosgene',
    cas: '75-44-5',
    molar_mass: 98.92,
    toxic: { aegl1_ppm: null, aegl2_ppm: 0.3, aegl3_ppm: 0.75, source: aeglSource() },
    denseGas: true,
    denseReason: 'M = 98.9 g/mol, stored liquefied',
  },
  {
    name_zh: '氟化氢',
    name_en: 'Hydrogen fluoride',
    cas: '7664-39-3',
    molar_mass: 20.006,
    toxic: {
      aegl1_ppm: 1.0,
      aegl2_ppm: 24,
      aegl3_ppm: 44,
      source: aeglSource(['aegl1']),
      verified: ['aegl1'],
      citations: { aegl1: CITE_HF_AEGL1 },
    },
    denseGas: true,
    denseReason: 'liquefied HF forms a cold, associated aerosol cloud heavier than air',
  },
  {
    name_zh: '二氧化硫',
    name_en: 'Sulfur dioxide',
    cas: '7446-09-5',
    molar_mass: 64.066,
    toxic: {
      aegl1_ppm: 0.2,
      aegl2_ppm: 0.75,
      aegl3_ppm: 30,
      source: aeglSource(['aegl1', 'aegl2']),
      verified: ['aegl1', 'aegl2'],
      citations: { aegl1: CITE_SO2, aegl2: CITE_SO2 },
    },
    denseGas: true,
    denseReason: 'M = 64.1 g/mol, stored liquefied',
  },
  {
    name_zh: '氯化氢（无水）',
    name_en: 'Hydrogen chloride (anhydrous)',
    cas: '7647-01-0',
    molar_mass: 36.461,
    toxic: {
      aegl1_ppm: 1.8,
      aegl2_ppm: 22,
      aegl3_ppm: 100,
      source: aeglSource(['aegl1']),
      verified: ['aegl1'],
      citations: { aegl1: CITE_HCL_AEGL1 },
    },
    denseGas: true,
    denseReason: 'M = 36.5 g/mol, stored liquefied',
  },
  {
    name_zh: '甲醛（含量>90%）',
    name_en: 'Formaldehyde (>90%)',
    cas: '50-00-0',
    molar_mass: 30.026,
    toxic: { aegl1_ppm: 0.9, aegl2_ppm: 14, aegl3_ppm: 56, source: aeglSource() },
    denseGas: false,
  },
  {
    name_zh: '一氧化碳',
    name_en: 'Carbon monoxide',
    cas: '630-08-0',
    molar_mass: 28.01,
    toxic: { aegl1_ppm: null, aegl2_ppm: 83, aegl3_ppm: 330, source: aeglSource() },
    denseGas: false,
  },
  {
    name_zh: '液化石油气',
    name_en: 'Liquefied petroleum gas',
    cas: '68476-85-7',
    molar_mass: 44.1,
    poolFire: { burning_rate_kg_m2_s: 0.099, k_beta_per_m: 1.4, heat_of_combustion_kj_kg: 46_000, source: SFPE },
    vceHeatOfCombustion_kj_kg: 46_350,
    denseGas: true,
    denseReason: 'propane/butane, M = 44–58 g/mol, flashing liquefied gas',
  },
  {
    name_zh: '甲烷、天然气',
    name_en: 'Methane, natural gas',
    cas: '74-82-8',
    molar_mass: 16.043,
    poolFire: { burning_rate_kg_m2_s: 0.078, k_beta_per_m: 1.1, heat_of_combustion_kj_kg: 50_000, source: `${SFPE} (LNG)` },
    vceHeatOfCombustion_kj_kg: 50_000,
    denseGas: false,
  },
  {
    name_zh: '氢',
    name_en: 'Hydrogen',
    cas: '1333-74-0',
    molar_mass: 2.016,
    vceHeatOfCombustion_kj_kg: 119_960,
    vceHeatOfCombustionCitation: CITE_H2_LHV,
    denseGas: false,
  },
  {
    name_zh: '乙烯',
    name_en: 'Ethylene',
    cas: '74-85-1',
    molar_mass: 28.054,
    vceHeatOfCombustion_kj_kg: 47_200,
    denseGas: false,
  },
  {
    name_zh: '乙炔',
    name_en: 'Acetylene',
    cas: '74-86-2',
    molar_mass: 26.038,
    vceHeatOfCombustion_kj_kg: 48_200,
    denseGas: false,
  },
  {
    name_zh: '汽油',
    name_en: 'Gasoline',
    cas: '86290-81-5',
    molar_mass: 100,
    poolFire: {
      burning_rate_kg_m2_s: 0.055,
      k_beta_per_m: 2.1,
      heat_of_combustion_kj_kg: 43_700,
      source: SFPE_CHECKED,
      verified: ['burning_rate', 'k_beta', 'heat_of_combustion'],
      citation: CITE_NUREG1805_POOL,
    },
    denseGas: false,
  },
  {
    name_zh: '苯',
    name_en: 'Benzene',
    cas: '71-43-2',
    molar_mass: 78.11,
    poolFire: {
      burning_rate_kg_m2_s: 0.085,
      k_beta_per_m: 2.7,
      heat_of_combustion_kj_kg: 40_100,
      source: SFPE_CHECKED,
      verified: ['burning_rate', 'k_beta', 'heat_of_combustion'],
      citation: CITE_NUREG1805_POOL,
    },
    denseGas: false,
  },
  {
    name_zh: '丙酮',
    name_en: 'Acetone',
    cas: '67-64-1',
    molar_mass: 58.08,
    poolFire: {
      burning_rate_kg_m2_s: 0.041,
      k_beta_per_m: 1.9,
      heat_of_combustion_kj_kg: 25_800,
      source: SFPE_CHECKED,
      verified: ['burning_rate', 'k_beta', 'heat_of_combustion'],
      citation: CITE_NUREG1805_POOL,
    },
    denseGas: false,
  },
  {
    name_zh: '甲醇',
    name_en: 'Methanol',
    cas: '67-56-1',
    molar_mass: 32.04,
    // NUREG-1805 lists kβ 100 m⁻¹ for the alcohols: equal to m″∞ for any pool over 5 cm (null here)
    poolFire: {
      burning_rate_kg_m2_s: 0.017,
      k_beta_per_m: null,
      heat_of_combustion_kj_kg: 20_000,
      source: SFPE_CHECKED,
      verified: ['burning_rate', 'k_beta', 'heat_of_combustion'],
      citation: CITE_NUREG1805_POOL,
    },
    denseGas: false,
  },
  {
    name_zh: '乙醇',
    name_en: 'Ethanol',
    cas: '64-17-5',
    molar_mass: 46.07,
    poolFire: {
      burning_rate_kg_m2_s: 0.015,
      k_beta_per_m: null,
      heat_of_combustion_kj_kg: 26_800,
      source: SFPE_CHECKED,
      verified: ['burning_rate', 'k_beta', 'heat_of_combustion'],
      citation: CITE_NUREG1805_POOL,
    },
    denseGas: false,
  },
]

export function substanceByName(name_zh: string): SubstanceData | undefined {
  return SUBSTANCES.find((s) => s.name_zh === name_zh)
}

/** ppm → mg/m³ at 25 °C and 1 atm (molar volume 24.45 L). */
export function ppmToMgM3(ppm: number, molar_mass: number): number {
  return (ppm * molar_mass) / 24.45
}

export interface ToxicThresholds {
  /** red / orange / yellow = AEGL-3 / AEGL-2 / AEGL-1 in mg/m³ (yellow null when AEGL-1 is NR) */
  readonly red: number
  readonly orange: number
  readonly yellow: number | null
  readonly source: string
}

export function toxicThresholds(s: SubstanceData): ToxicThresholds | null {
  if (!s.toxic) return null
  const t = s.toxic
  return {
    red: ppmToMgM3(t.aegl3_ppm, s.molar_mass),
    orange: ppmToMgM3(t.aegl2_ppm, s.molar_mass),
    yellow: t.aegl1_ppm === null ? null : ppmToMgM3(t.aegl1_ppm, s.molar_mass),
    source: t.source,
  }
}
