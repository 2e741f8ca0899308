/// <reference types="vitest/config" />
import { fileURLToPath, URL } from 'node:url'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { resolve } from 'node:path'
import { defineConfig, type Plugin } from 'vite'
import vue from '@vitejs/plugin-vue'

const outDir = fileURLToPath(new URL('./dist', import.meta.url))

// emptyOutDir wipes dist/, including the committed placeholder that keeps `go build` working
// before the app is built; write it back (same bytes, so git sees no change) once the bundle is out.
const GITKEEP = 'placeholder so go:embed finds dist/ before the app is built\n'
function keepGitkeep(): Plugin {
  return {
    name: 'pingan-keep-gitkeep',
    apply: 'build',
    closeBundle() {
      mkdirSync(outDir, { recursive: true })
      writeFileSync(resolve(outDir, '.gitkeep'), GITKEEP)
    },
  }
}

// /api/docs (served by the Go binary) renders the OpenAPI document with Redoc's standalone bundle, shipped
// in the build rather than loaded from a CDN.
function redocBundle(): Plugin {
  const require = createRequire(import.meta.url)
  return {
    name: 'pingan-redoc-bundle',
    apply: 'build',
    generateBundle() {
      for (const file of ['redoc.standalone.js', 'redoc.standalone.js.LICENSE.txt']) {
        const source = readFileSync(require.resolve(`redoc/bundles/${file}`))
        this.emitFile({ type: 'asset', fileName: `apidocs/${file}`, source })
      }
    },
  }
}

export default defineConfig({
  base: '/',
  plugins: [vue(), keepGitkeep(), redocBundle()],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  define: {
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
    __VUE_PROD_DEVTOOLS__: false,
  },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:8080',
      '/healthz': 'http://127.0.0.1:8080',
    },
  },
  build: {
    outDir,
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'element-plus', test: /node_modules[\\/](element-plus|@element-plus|@vueuse|dayjs|lodash)/ },
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender|vue-echarts)/ },
            { name: 'vue', test: /node_modules[\\/](@?vue|vue-router|vue-i18n|@intlify)/ },
          ],
        },
      },
    },
  },
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.test.ts'],
    setupFiles: ['src/test/setup.ts'],
    // mounting whole pages with Element Plus in happy-dom takes a few seconds on a 2-core machine
    testTimeout: 60_000,
    restoreMocks: true,
    // Element Plus' CommonJS build gets async-validator's default export wrong under Node, so form
    // validation would pass everything; run its ES build through Vite as the browser does.
    server: { deps: { inline: ['element-plus'] } },
  },
})
