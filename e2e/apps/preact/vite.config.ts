import preact from '@preact/preset-vite'
import { defineConfig } from 'vite'
import portcullis from 'portcullis'

// https://vite.dev/config/
export default defineConfig({
  plugins: [preact(), portcullis()],
})
