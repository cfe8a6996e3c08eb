import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { FynoProvider } from '@fyno-kit/react';
import { App } from './app';
import '@fyno-kit/demo-shared/styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <FynoProvider endpoint="/api/fyno/notify">
      <App />
    </FynoProvider>
  </StrictMode>,
);
