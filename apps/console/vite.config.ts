import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The gateway serves dist/ at / (SPA fallback to index.html); in `vite` dev mode the API is proxied to it.
export default defineConfig({
  plugins: [react()],
  build: { target: 'es2022', sourcemap: false, chunkSizeWarningLimit: 300 },
  server: { proxy: { '/api': process.env.THREADLINE_GATEWAY ?? 'http://127.0.0.1:3000' } },
});
