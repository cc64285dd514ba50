/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react';
import { defineConfig, loadEnv } from 'vite';
// By path, not by package name: Vite loads its config with every bare import left to Node, which cannot run
// the package's TypeScript on Node 20; a relative import is bundled with the config instead.
import { securityHeadersPlugin } from '../packages/web-security/src/vite.ts';
import { serviceUrlDefaults } from './src/lib/env-defaults.ts';

export default defineConfig(({ mode }) => {
  const env = { ...serviceUrlDefaults, ...loadEnv(mode, process.cwd(), 'VITE_') };
  return {
    // Product pictures are the API's uploads.
    plugins: [react(), securityHeadersPlugin({ connect: [env.VITE_API_URL], images: [env.VITE_API_URL] })],
    server: { port: 3002, strictPort: true, host: true },
    preview: { port: 3002, strictPort: true, host: true },
    test: { environment: 'node', include: ['src/**/*.test.{ts,tsx}'] },
  };
});
