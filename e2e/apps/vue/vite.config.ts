import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vite'
import portcullis from 'portcullis'

// https://vite.dev/config/
export default defineConfig({
  plugins: [vue(), portcullis()],
})
