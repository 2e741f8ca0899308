// The map chart and Ankang's county boundaries, loaded only by the page that draws the map (a chunk of its
// own: the boundaries are 58 KB, 17 KB gzipped; assets/geo/README.md says where they come from).
import { registerMap, use } from 'echarts/core'
import { MapChart } from 'echarts/charts'
import { TooltipComponent, VisualMapContinuousComponent } from 'echarts/components'
import { CanvasRenderer } from 'echarts/renderers'
import geo from '@/assets/geo/ankang-counties.json'
import { ANKANG_MAP, type CountyFeature } from '@/utils/countyMap'

use([CanvasRenderer, MapChart, TooltipComponent, VisualMapContinuousComponent])
// eslint-disable-next-line @typescript-eslint/no-explicit-any
registerMap(ANKANG_MAP, geo as any)

export const countyFeatures = (geo as unknown as { features: CountyFeature[] }).features
export { default as VChart } from 'vue-echarts'
