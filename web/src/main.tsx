// Entry point: mounts the dashboard.
import { render } from 'preact';
import { App } from './app';
import { applyDocumentLang } from './i18n';
import './styles.css';

applyDocumentLang();
const root = document.getElementById('app');
if (root) render(<App />, root);
