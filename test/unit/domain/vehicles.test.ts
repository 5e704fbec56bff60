// The vehicles' pure rules (src/domain/vehicles.ts): GB 6944 classes and their placard colours,
// kept to the classes the database's dg_hazard_classes lists.
import { describe, it, expect } from 'vitest'
import { hazardClassOf, hazardClassRgb, isAlarmKind, VEHICLE_ALERT_KINDS } from '../../../src/domain/vehicles.ts'

const CODES = ['1.1', '1.2', '1.3', '1.4', '1.5', '1.6', '2.1', '2.2', '2.3', '3', '4.1', '4.2', '4.3', '5.1', '5.2', '6.1', '6.2', '7', '8', '9']

describe('dangerous-goods classes', () => {
  it('name their class and have a placard colour', () => {
    expect(CODES.map(hazardClassOf)).toEqual([1, 1, 1, 1, 1, 1, 2, 2, 2, 3, 4, 4, 4, 5, 5, 6, 6, 7, 8, 9])
    expect(hazardClassRgb('1.1')).toEqual([245, 124, 0]) // explosives orange
    expect(hazardClassRgb('2.1')).toEqual(hazardClassRgb('3')) // flammable red
    expect(hazardClassRgb('2.2')).toEqual([46, 160, 67]) // non-flammable gas green
    expect(hazardClassRgb('4.3')).toEqual([30, 110, 220]) // dangerous when wet blue
    expect(hazardClassRgb('5.1')).toEqual([250, 204, 21]) // oxidizer yellow
    expect(hazardClassRgb('6.1')).toEqual(hazardClassRgb('2.3')) // toxic white
    for (const c of CODES) expect(hazardClassRgb(c)).toHaveLength(3)
  })

  it('refuse what is not a class', () => {
    expect(() => hazardClassOf('10')).toThrow(/GB 6944/)
    expect(() => hazardClassOf('x')).toThrow(/GB 6944/)
  })

  it('signal_restored is no alarm', () => {
    expect(VEHICLE_ALERT_KINDS.filter(isAlarmKind)).toEqual(['restricted_zone', 'stopped_near_sensitive', 'signal_lost'])
  })
})
