import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { setupI18n } from '../common/i18n';
import '../common/base.css';
import './console.css';
import { App } from './App';
import { consoleTexts } from './locales';

await setupI18n(consoleTexts);
const root = document.getElementById('root');
if (!root) throw new Error('the page has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
