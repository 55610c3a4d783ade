import { svelte } from '@sveltejs/vite-plugin-svelte'
import { defineConfig } from 'vite'
import portcullis from 'portcullis'

// https://vite.dev/config/
export default defineConfig({
  plugins: [svelte(), portcullis()],
})
