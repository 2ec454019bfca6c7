import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { resolve } from 'node:path';
import type { Plugin } from 'vite';
import { CONTENT_SECURITY_POLICY } from './common/csp';
import { dropUnusedRules, wordsOf } from './build-tools/unused-css';

/**
 * Writes the one CSP of common/csp.ts into the built index.html as a meta tag (main's
 * app:// handler also sends it as a header). Not in `npm run dev`, whose React refresh
 * preamble is an inline script. frame-ancestors only works as a header.
 */
const cspMetaTag: Plugin = {
  name: 'billing-desk:csp-meta-tag',
  apply: 'build',
  transformIndexHtml: () => [
    {
      tag: 'meta',
      attrs: {
        'http-equiv': 'Content-Security-Policy',
        content: CONTENT_SECURITY_POLICY.split('; ')
          .filter((directive) => !directive.startsWith('frame-ancestors'))
          .join('; '),
      },
      injectTo: 'head-prepend',
    },
  ],
};

/**
 * Ships only the CSS the app can use (build-tools/unused-css.ts): the classes named by
 * any emitted chunk, the screens loaded on demand included, and index.html.
 */
const dropUnusedCss: Plugin = {
  name: 'billing-desk:drop-unused-css',
  apply: 'build',
  enforce: 'post',
  generateBundle(_options, bundle) {
    const used = new Set<string>();
    for (const file of Object.values(bundle)) {
      const text = file.type === 'chunk' ? file.code : file.fileName.endsWith('.html') ? String(file.source) : '';
      for (const word of wordsOf(text)) used.add(word);
    }
    for (const file of Object.values(bundle)) {
      if (file.type === 'asset' && file.fileName.endsWith('.css')) file.source = dropUnusedRules(String(file.source), used).css;
    }
  },
};

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // The template worker is an entry of its own: main starts it as out/main/template-worker.js.
      lib: { entry: { index: resolve('main/index.ts'), 'template-worker': resolve('main/template/template-worker.ts') }, formats: ['es'] },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload runs as CommonJS, whatever package.json's "type" says.
      lib: { entry: resolve('preload/index.ts'), formats: ['cjs'], fileName: () => 'index.cjs' },
    },
  },
  renderer: {
    root: resolve('renderer'),
    base: './',
    build: {
      outDir: resolve('out/renderer'),
      rollupOptions: { input: resolve('renderer/index.html') },
    },
    plugins: [react(), cspMetaTag, dropUnusedCss],
  },
});
