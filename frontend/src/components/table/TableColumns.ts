import { defineComponent, h, type PropType } from 'vue'
import { ElTableColumn } from 'element-plus'
import type { Column } from './columns'

// Renders a list of columns (components/table/columns.ts) inside an el-table.
export default defineComponent({
  name: 'TableColumns',
  props: {
    columns: { type: Array as PropType<Column<never>[]>, required: true },
  },
  setup(props) {
    const render = (col: Column<never>): ReturnType<typeof h> =>
      h(
        ElTableColumn,
        {
          key: col.key,
          label: col.label,
          width: col.width,
          minWidth: col.minWidth,
          fixed: col.fixed,
          align: col.align,
          property: col.property,
          prop: col.sortable ? col.property : undefined,
          sortable: col.sortable,
          showOverflowTooltip: col.tooltip,
        },
        col.children
          ? { default: () => col.children!.map(render) }
          : { default: ({ row }: { row: never }) => (col.cell ? col.cell(row) : null) },
      )
    return () => props.columns.map(render)
  },
})
