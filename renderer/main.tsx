// Renderer entry point: applies the stored theme before the first paint, creates the API client
// (Electron bridge or HTTP) and mounts the app.
import './zod-config'; // first: zod's settings must precede every schema definition
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { getClient } from './api/client';
import { App } from './App';
import { applyTheme } from './theme';
import './styles.css';

try {
  const stored = window.localStorage.getItem('benchlens.theme');
  applyTheme(stored === 'light' || stored === 'dark' ? stored : 'system');
} catch {
  applyTheme('system');
}

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App client={getClient()} />
  </StrictMode>,
);
