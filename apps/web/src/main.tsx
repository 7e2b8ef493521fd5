import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

/*
 * One build serves two apps: the customer widget at /widget/{channel_id} (small, loaded into
 * other sites' iframes) and the agent app everywhere else. Each is its own chunk.
 */
const root = document.getElementById('root');
if (!root) throw new Error('missing #root');

const isWidget = window.location.pathname.startsWith('/widget/');
const app = isWidget
  ? import('./features/widget/widget-app').then((m) => <m.WidgetApp />)
  : import('./app').then((m) => <m.App />);

void app.then((element) => createRoot(root).render(<StrictMode>{element}</StrictMode>));
