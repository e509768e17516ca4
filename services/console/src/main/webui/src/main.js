import { createApp } from 'vue'
import App from './App.vue'
import { router } from './router.js'
import { i18n } from './i18n/index.js'
import { login } from './auth.js'
import './style.css'

login()
  .then((user) => {
    const app = createApp(App)
    app.provide('user', user)
    app.use(i18n).use(router).mount('#app')
  })
  .catch((e) => {
    document.getElementById('app').innerHTML =
      '<p class="boot error">无法登录：身份认证服务不可用。Cannot sign in: the identity service is unavailable. (' +
      String(e && e.message ? e.message : e).replace(/</g, '&lt;') + ')</p>'
  })
