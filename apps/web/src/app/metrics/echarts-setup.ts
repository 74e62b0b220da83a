/**
 * The parts of ECharts the dashboard uses, registered once. Imported only with a dynamic
 * import() from the dashboard, so the charting code is a chunk of its own that the sign-in page
 * never loads.
 */
import { BarChart, GraphChart, LineChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, GraphChart, GridComponent, TooltipComponent, LegendComponent, AriaComponent, SVGRenderer]);

export { echarts };
