// The base of the binned point layers (risk points, hidden dangers, protective targets): a deck.gl
// CompositeLayer that takes a decoded map_points buffer (or attributes built elsewhere, e.g. the
// dangers list) and builds its binary attributes in updateState, only when the points or the
// style changed: a zoom step or a visibility toggle is a prop change, not a rebuild.
import { CompositeLayer, type DefaultProps, type UpdateParameters } from '@deck.gl/core'
import type { DecodedPoints } from '../contract/points.ts'
import { buildPointAttributes, EMPTY_ATTRIBUTES, type AttributeStyle, type PointAttributes } from '../map/pointAttributes.ts'

export type PointsInput = DecodedPoints | PointAttributes | null

interface BinaryData {
  length: number
  attributes: Record<string, { value: Float32Array | Uint8Array; size: number; normalized?: boolean }>
}

export interface BinnedPointsProps {
  /** a decoded buffer, or attributes already in draw order */
  points: PointsInput
  /** the colour and size tables by code and count */
  style: AttributeStyle | null
  /** symbol scale at the zoom (× the wall's size factor) */
  scale: number
  /**
   * The MapLibre layer to draw under (interleaved overlay). Read by @deck.gl/mapbox on this, the
   * top-level layer; left undefined (not null) when unset, or the layer lands in a group of its own.
   */
  beforeId?: string
}

export const BINNED_POINTS_DEFAULTS: DefaultProps<BinnedPointsProps> = {
  points: { type: 'object', value: null },
  style: { type: 'object', value: null },
  scale: { type: 'number', value: 1 },
}

export function isDecoded(p: PointsInput): p is DecodedPoints {
  return !!p && 'records' in p
}

/** The attributes of a points input (a decoded buffer is sorted and styled; attributes pass through). */
export function toAttributes(points: PointsInput, style: AttributeStyle | null): PointAttributes {
  if (!points) return EMPTY_ATTRIBUTES
  if (!isDecoded(points)) return points
  return style ? buildPointAttributes(points, style) : EMPTY_ATTRIBUTES
}

export abstract class BinnedPointsLayer<P extends BinnedPointsProps = BinnedPointsProps> extends CompositeLayer<P> {
  static override layerName = 'BinnedPointsLayer'
  declare state: { attributes: PointAttributes; binary: { for: PointAttributes; data: BinaryData } | null }

  override initializeState(): void {
    this.setState({ attributes: EMPTY_ATTRIBUTES, binary: null })
  }

  override updateState({ props, oldProps }: UpdateParameters<this>): void {
    if (props.points !== oldProps.points || props.style !== oldProps.style) {
      this.setState({ attributes: toAttributes(props.points, props.style) })
    }
  }

  /**
   * Binary data for the sublayer: length and typed arrays, no per-point objects. The same object
   * while the attributes are the same, so a zoom step (new scale) does not re-upload the buffers.
   */
  protected binary(a: PointAttributes, attributes: BinaryData['attributes']): BinaryData {
    const memo = this.state.binary
    if (memo && memo.for === a) return memo.data
    const data = { length: a.length, attributes }
    // not setState: remembering it must not trigger another render
    this.state.binary = { for: a, data }
    return data
  }
}
