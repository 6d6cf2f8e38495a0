import { render } from 'preact';
import { App } from './app.js';
import { loadConfig } from './config.js';
import { currentLang } from './i18n/i18n.js';
import './styles.css';

document.documentElement.lang = currentLang();
const config = await loadConfig();
render(<App config={config} />, document.getElementById('app')!);
