import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { setupI18n } from '../common/i18n';
import '../common/base.css';
import { App } from './App';
import { registerTexts } from './locales';

await setupI18n(registerTexts);
// In a plain browser the service worker keeps the page for a reload without the network.
if (location.protocol.startsWith('http') && 'serviceWorker' in navigator)
  void navigator.serviceWorker.register('/register-sw.js').catch(() => undefined);
const root = document.getElementById('root');
if (!root) throw new Error('the page has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
