// A Nuxt 4 app whose server routes (Nitro, H3 events) mount Fyno's routes; no pages are needed for that.
import { defineNuxtConfig } from 'nuxt/config';
export default defineNuxtConfig({
  compatibilityDate: '2026-11-01',
  devtools: { enabled: false },
  telemetry: false,
});
