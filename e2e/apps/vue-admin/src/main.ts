import { createPinia } from 'pinia'
import { createApp } from 'vue'
import { createRouter, createWebHashHistory } from 'vue-router'
import App from './App.vue'
import Tasks from './Tasks.vue'
import Overview from './Overview.vue'

const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/', component: Overview },
    { path: '/tasks', component: Tasks },
  ],
})

createApp(App).use(createPinia()).use(router).mount('#app')
