// Evidence rules that run in the browser before Storage sees a file (src/domain/evidence.ts) and
// the local Storage stand-in's content sniffing.
import { describe, expect, it } from 'vitest'
import { evidenceErrorKey, evidencePath, evidenceStagesFor, fitWithin, refuseEvidenceFile } from '../../src/domain/evidence.ts'
import { sniffMime } from '../../supabase/local/storage-routes.ts'

describe('fitWithin', () => {
  it('scales the longer side down to 1600 px, keeping the aspect', () => {
    expect(fitWithin(4032, 3024)).toEqual({ width: 1600, height: 1200 })
    expect(fitWithin(3000, 4000)).toEqual({ width: 1200, height: 1600 })
  })
  it('never scales up', () => {
    expect(fitWithin(800, 600)).toEqual({ width: 800, height: 600 })
  })
})

describe('refuseEvidenceFile', () => {
  it('takes photos (to be resized) and PDFs within their limits', () => {
    expect(refuseEvidenceFile('image/jpeg', 12 * 1048576)).toBeNull()
    expect(refuseEvidenceFile('image/heic', 3 * 1048576)).toBeNull()
    expect(refuseEvidenceFile('application/pdf', 5 * 1048576)).toBeNull()
  })
  it('refuses other types, empty files, PDFs over 5 MB and photos over 40 MB', () => {
    expect(refuseEvidenceFile('image/gif', 100)?.key).toBe('evidence.badType')
    expect(refuseEvidenceFile('', 100)?.key).toBe('evidence.badType')
    expect(refuseEvidenceFile('image/jpeg', 0)?.key).toBe('evidence.empty')
    expect(refuseEvidenceFile('application/pdf', 5 * 1048576 + 1)).toEqual({ key: 'evidence.tooBig', vars: { mb: 5, max: 5 } })
    expect(refuseEvidenceFile('image/png', 41 * 1048576)?.key).toBe('evidence.tooBig')
  })
})

describe('who adds evidence at which stage (mirrors the storage policies)', () => {
  it.each([
    ['regulator', ['finding', 'rectification', 'verification']],
    ['admin', ['finding', 'rectification', 'verification']],
    ['enterprise', ['rectification']],
    ['command', []],
    ['planner', []],
    [null, []],
  ])('%s', (role, stages) => expect(evidenceStagesFor(role)).toEqual(stages))
})

it('names objects <danger>/<stage>/<uuid>.<ext>', () => {
  expect(evidencePath('d', 'finding', 'u', 'image/jpeg')).toBe('d/finding/u.jpg')
  expect(evidencePath('d', 'report', 'u', 'application/pdf')).toBe('d/report/u.pdf')
})

it("maps Storage's statusCode to a message", () => {
  expect(evidenceErrorKey('413')).toBe('evidence.err413')
  expect(evidenceErrorKey('415')).toBe('evidence.err415')
  expect(evidenceErrorKey('42501')).toBe('evidence.errOther')
})

describe('sniffMime', () => {
  it('knows the magic bytes of the accepted types', () => {
    expect(sniffMime(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg')
    expect(sniffMime(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe('image/png')
    expect(sniffMime(new TextEncoder().encode('RIFF\0\0\0\0WEBPVP8 '))).toBe('image/webp')
    expect(sniffMime(new TextEncoder().encode('%PDF-1.7'))).toBe('application/pdf')
    expect(sniffMime(new TextEncoder().encode('<html>'))).toBeNull()
  })
})
