/** Only the Chart.js parts the console draws (bar charts), registered once: tree-shaken, lazily loaded. */
import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

export { Chart };
