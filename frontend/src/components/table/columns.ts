// Tables as data: a column says its header, its width and how a row fills its cell; TableColumns renders
// the list as el-table-columns. Views list their columns instead of repeating el-table-column blocks.
import type { VNodeChild } from 'vue'

export interface Column<R> {
  /** Unique among its siblings; also the column's data-col. */
  key: string
  label: string
  width?: number
  minWidth?: number
  fixed?: 'left' | 'right'
  align?: 'left' | 'center' | 'right'
  /** Long text is cut and shown whole on hover. */
  tooltip?: boolean
  /** The row path a summary row (and sorting) reads for this column ("disputes.registered"). */
  property?: string
  /** Sortable by the value at `property`. */
  sortable?: boolean
  cell?: (row: R) => VNodeChild
  /** A group header over these columns. */
  children?: Column<R>[]
}
