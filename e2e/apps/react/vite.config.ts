import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'
import portcullis from 'portcullis'

// https://vite.dev/config/
export default defineConfig({
  plugins: [react(), portcullis()],
})
