import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

// Maven passes the output folder (the app's META-INF/resources); `npm run build` alone writes dist/.
export default defineConfig({
  plugins: [vue()],
  base: '/',
  build: {
    outDir: process.env.SIDAN_CONSOLE_OUT || 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    proxy: { '/api': 'http://localhost:8080', '/config.json': 'http://localhost:8080' },
  },
})
