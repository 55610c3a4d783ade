import { defineConfig } from 'vite'
import portcullis from 'portcullis'
import solid from 'vite-plugin-solid'

export default defineConfig({
  plugins: [solid(), portcullis()],
})
