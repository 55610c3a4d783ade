import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'
import portcullis from 'portcullis'

export default defineConfig({
  plugins: [react(), portcullis()],
})
