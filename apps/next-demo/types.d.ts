// The root layout imports its stylesheet for its side effect; Next.js bundles it.
declare module '*.css';
