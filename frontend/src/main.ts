import { createApp } from 'vue'
import ElementPlus, { ElMessage } from 'element-plus'
import 'element-plus/dist/index.css'
import './styles/main.css'
import App from './App.vue'
import { i18n } from './i18n'
import { router } from './router'
import { restoreSession } from './stores/session'
import { setUnauthorizedHandler } from './api/client'
import { signedOutMessage } from './utils/labels'

restoreSession()

let redirecting = false
setUnauthorizedHandler((err) => {
  // several calls may fail at once: tell the user once and send them to the login page
  if (redirecting) return
  redirecting = true
  ElMessage.warning({ message: signedOutMessage(err), grouping: true })
  const current = router.currentRoute.value
  const redirect = current.meta.public ? undefined : current.fullPath
  void router.replace({ name: 'login', query: { expired: '1', ...(redirect && redirect !== '/' ? { redirect } : {}) } }).finally(() => {
    redirecting = false
  })
})

const app = createApp(App)
app.use(i18n)
app.use(ElementPlus)
app.use(router)
app.mount('#app')
