// The province map's parts, a chunk of their own: loaded only when a board shows a map.
import { MapChart } from 'echarts/charts';
import { VisualMapComponent } from 'echarts/components';
import { echarts } from './echarts-setup';

echarts.use([MapChart, VisualMapComponent]);

export { echarts };
