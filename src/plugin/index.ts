import type { Plugin } from 'vite';
export default function portcullis(): Plugin {
  return { name: 'portcullis' };
}
