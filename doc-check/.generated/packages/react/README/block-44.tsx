import { FynoProvider } from '@fyno-kit/react';
declare const csrf: string;
declare function App(): React.JSX.Element;
export const root = (
  <FynoProvider endpoint="/api/fyno/notify" headers={{ 'X-CSRF-Token': csrf }} credentials="same-origin">
    <App />
  </FynoProvider>
);
