// The template has no vite.config: this is the one the README says to add.
import { defineConfig } from 'vite'
import portcullis from 'portcullis'

export default defineConfig({
  plugins: [portcullis()],
})
