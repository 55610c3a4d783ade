import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vite'
import portcullis from 'portcullis'

export default defineConfig({
  plugins: [vue(), portcullis()],
})
